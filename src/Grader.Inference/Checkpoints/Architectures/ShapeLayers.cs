namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>Flatten, the identities at inference (Dropout, Dropout2d, Identity) and (log-)softmax.</summary>
internal static class ShapeLayers
{
    public static Flow Build(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        switch (a.Type)
        {
            case "Flatten":
                return Flatten(b, x, a.Int("start_dim", 1), a.Int("end_dim", -1), m);
            case "Dropout" or "Dropout2d" or "Identity":
                return x;   // identities at inference
            default:
            {
                // dim counts the batch axis, as ONNX's axis does; the batch axis itself makes no sense here.
                int dim = a.Int("dim", 1);
                if (dim == 0 || dim > x.Shape.Length || dim < -x.Shape.Length)
                    throw new ModelLoadException($"layer {m} ({a.Type}): dim {dim} is not a per-image axis of its input {Flow.Format(x.Shape)}");
                return x with { Name = b.Node(a.Type, m, [x.Name], ("axis", (long)dim)) };
            }
        }
    }

    /// <summary>torch.flatten(x, start_dim): Flatten for start_dim 1, a Reshape keeping the leading axes otherwise.</summary>
    private static Flow Flatten(NetworkBuilder b, Flow x, int start, int end, string m)
    {
        int rank = x.Shape.Length + 1;   // with the batch axis
        if (end != -1 && end != rank - 1) throw new ModelLoadException($"layer {m} (Flatten): end_dim other than -1 is not supported");
        if (start < 0) start += rank;
        if (start < 1 || start >= rank)
            throw new ModelLoadException($"layer {m} (Flatten): start_dim must be a per-image axis (1 to {rank - 1}); 0 would merge the batch");
        var kept = x.Shape[..(start - 1)];
        var merged = x.Shape[(start - 1)..];
        int size = merged.Any(d => d < 0) ? -1 : merged.Aggregate(1, (p, d) => checked(p * d));
        int[] shape = [.. kept, size];
        if (start == 1) return new Flow(b.Flatten(x.Name, m), shape);
        return new Flow(b.Node("Reshape", m, [x.Name, b.Constant([0, .. kept.Select(_ => 0L), -1])]), shape);
    }
}
