namespace Grader.Inference.Graph;

/// <summary>Shape arithmetic shared by loading, planning and kernels. All counts are checked for
/// overflow because shapes come from untrusted files.</summary>
internal static class ShapeMath
{
    /// <summary>Largest element count of a single tensor: keeps every index inside int.</summary>
    public const long MaxElements = int.MaxValue / 2;

    public static long Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ModelLoadException($"negative dimension in shape {Format(shape)}");
            n *= d;
            if (n > MaxElements) throw new ModelLoadException($"tensor of shape {Format(shape)} is too large");
        }
        return n;
    }

    public static int CountInt(ReadOnlySpan<int> shape) => (int)Count(shape);

    public static string Format(ReadOnlySpan<int> shape) => shape.Length == 0 ? "scalar" : string.Join("x", shape.ToArray());

    /// <summary>Product of dims [from, to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        long n = 1;
        for (int i = from; i < to; i++) n *= shape[i];
        return checked((int)n);
    }

    /// <summary>Normalises a possibly negative ONNX axis against rank.</summary>
    public static int Axis(long axis, int rank, string node)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ModelLoadException($"axis {axis} is out of range for rank {rank} at node {node}");
        return (int)a;
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /// <summary>Numpy (multidirectional) broadcasting of two shapes.</summary>
    public static int[] Broadcast(int[] a, int[] b, string node)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da == db || db == 1) r[i] = da;
            else if (da == 1) r[i] = db;
            else throw new ModelLoadException($"shapes {Format(a)} and {Format(b)} cannot be broadcast at node {node}");
        }
        return r;
    }

    /// <summary>Strides of <paramref name="shape"/> when read as a broadcast of rank
    /// <paramref name="rank"/>: dims of size 1 (and missing leading dims) get stride 0.</summary>
    public static int[] BroadcastStrides(int[] shape, int rank)
    {
        var strides = Strides(shape);
        var r = new int[rank];
        int off = rank - shape.Length;
        for (int i = 0; i < shape.Length; i++) r[off + i] = shape[i] == 1 ? 0 : strides[i];
        return r;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
