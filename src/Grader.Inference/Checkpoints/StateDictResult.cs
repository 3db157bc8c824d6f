namespace Grader.Inference.Checkpoints;

/// <summary>Turns the unpickled object into a <see cref="StateDict"/>: a dict of name → tensor,
/// or a training checkpoint dict holding one under a conventional key.</summary>
internal static class StateDictResult
{
    private static readonly string[] NestedKeys = ["state_dict", "model_state_dict", "model"];

    public static StateDict FromPickle(object? result)
    {
        if (result is not PickleReader.PyDict dict)
            throw new ModelLoadException("checkpoint: the file does not hold a dict of tensors; save with torch.save(model.state_dict(), path)");
        if (!dict.Items.All(kv => kv.Value is CheckpointTensor))
        {
            var nested = NestedKeys.Select(k => dict.Items.FirstOrDefault(kv => k.Equals(kv.Key)).Value)
                .OfType<PickleReader.PyDict>().FirstOrDefault();
            if (nested is null)
                throw new ModelLoadException("checkpoint: the dict holds values that are not tensors and no 'state_dict' or 'model_state_dict' entry; save with torch.save(model.state_dict(), path)");
            dict = nested;
        }
        var sd = new StateDict();
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name) throw new ModelLoadException("checkpoint: a state_dict key is not a string");
            sd.Add(name, value as CheckpointTensor
                ?? throw new ModelLoadException($"checkpoint: '{name}' is not a tensor"));
        }
        return sd;
    }
}
