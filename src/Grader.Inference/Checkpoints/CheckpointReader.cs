using Grader.Inference.Safety;

namespace Grader.Inference.Checkpoints;

/// <summary>The checkpoint formats a model item may accept besides ONNX.</summary>
public enum CheckpointFormat { TorchSave, Safetensors }

/// <summary>
/// Reads a PyTorch state_dict (<c>torch.save</c> zip, .pt/.pth) or a .safetensors file into a
/// <see cref="StateDict"/>. Untrusted input: every failure is a <see cref="ModelLoadException"/>
/// with a message for the student, and no code in the file is ever run.
/// </summary>
public static class CheckpointReader
{
    /// <summary>The format a file name implies: .pt/.pth → torch.save, .safetensors; else null.</summary>
    public static CheckpointFormat? FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pt" or ".pth" => CheckpointFormat.TorchSave,
            ".safetensors" => CheckpointFormat.Safetensors,
            _ => null,
        };

    public static StateDict Read(byte[] bytes, CheckpointFormat format, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        if (bytes.Length == 0) throw new ModelLoadException("the checkpoint file is empty");
        if (bytes.Length > limits.MaxFileBytes)
            throw new ModelLoadException($"the checkpoint file is {bytes.Length:N0} bytes; the limit is {limits.MaxFileBytes:N0}");
        try
        {
            if (format == CheckpointFormat.Safetensors) return SafetensorsReader.Read(bytes, limits);
            if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K') return TorchZipReader.Read(bytes, limits);
            if (LegacyTorchReader.IsLegacy(bytes)) return LegacyTorchReader.Read(bytes, limits);
        }
        catch (Exception e) when (e is not (ModelLoadException or OutOfMemoryException))
        {
            // Every bound is checked explicitly; this is a last line so that a case we missed is
            // still the student's error message, never a crashed worker.
            throw new ModelLoadException($"checkpoint: the file is malformed ({e.GetType().Name}: {e.Message})", e);
        }
        throw new ModelLoadException("checkpoint: the file is not a torch.save file (expected a zip with data.pkl, or the legacy format)");
    }
}
