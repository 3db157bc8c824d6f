namespace Grader.Inference.Graph;

/// <summary>
/// A constant tensor known before running: an initializer, a Constant node, or the result of
/// folding shape arithmetic. Float32 data lives in <see cref="Floats"/>, int64 in <see cref="Longs"/>.
/// </summary>
internal sealed class TensorData
{
    public ElementType Type { get; }
    public int[] Shape { get; }
    public float[]? Floats { get; }
    public long[]? Longs { get; }
    public int Length { get; }

    private TensorData(ElementType type, int[] shape, float[]? floats, long[]? longs)
    {
        Type = type;
        Shape = shape;
        Floats = floats;
        Longs = longs;
        Length = ShapeMath.CountInt(shape);
        int actual = floats?.Length ?? longs!.Length;
        if (actual != Length)
            throw new ModelLoadException($"tensor of shape {ShapeMath.Format(shape)} needs {Length} values, has {actual}");
    }

    public static TensorData FromFloats(int[] shape, float[] data) => new(ElementType.Float32, shape, data, null);
    public static TensorData FromLongs(int[] shape, long[] data) => new(ElementType.Int64, shape, null, data);
    public static TensorData Scalar(float v) => FromFloats([], [v]);
    public static TensorData Vector(params long[] v) => FromLongs([v.Length], v);

    public float[] FloatData => Floats ?? throw new InvalidOperationException("not a float tensor");
    public long[] LongData => Longs ?? throw new InvalidOperationException("not an int64 tensor");

    /// <summary>Same data, new shape (element count must match).</summary>
    public TensorData Reshaped(int[] shape) => Type == ElementType.Float32 ? FromFloats(shape, FloatData) : FromLongs(shape, LongData);

    /// <summary>Values as doubles regardless of type: for reading small scalars such as Clip bounds.</summary>
    public double ScalarValue(string what)
    {
        if (Length != 1) throw new ModelLoadException($"{what} must be a single value, got shape {ShapeMath.Format(Shape)}");
        return Type == ElementType.Float32 ? FloatData[0] : LongData[0];
    }

    /// <summary>Largest integer a runtime (float32) buffer holds exactly.</summary>
    public const long MaxExactInteger = 1L << 24;

    /// <summary>The values as a runtime kernel reads them: runtime buffers are float32, and an
    /// integer constant feeding a kernel (Where's branches, Equal's operand) is held as exact floats.</summary>
    public float[] RuntimeFloats(string name)
    {
        if (Type == ElementType.Float32) return FloatData;
        var r = new float[Length];
        for (int i = 0; i < r.Length; i++)
        {
            long v = LongData[i];
            if (Math.Abs(v) > MaxExactInteger)
                throw new ModelLoadException($"int64 tensor '{name}' holds {v}, too large to be used at run time (at most {MaxExactInteger:N0} in magnitude)");
            r[i] = v;
        }
        return r;
    }

    /// <summary>Values as int64, for shape-like inputs (Reshape shape, Slice starts, axes...).</summary>
    public long[] AsLongs(string what)
    {
        if (Type != ElementType.Int64) throw new ModelLoadException($"{what} must be an int64 tensor");
        return LongData;
    }
}
