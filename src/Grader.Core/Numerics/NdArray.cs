namespace Grader.Core.Numerics;

/// <summary>
/// A dense, row-major array of doubles of any rank: the single value type shared by the
/// reference math library, the expression language and the answer checkers.
/// Rank 0 is a scalar, rank 1 a vector, rank 2 a matrix. Immutable by convention:
/// operations return new arrays and never write into their inputs.
/// </summary>
public sealed class NdArray : IEquatable<NdArray>
{
    /// <summary>Largest element count any array may hold: guards against hostile shapes.</summary>
    public const int MaxElements = 4_000_000;

    public int[] Shape { get; }
    public double[] Data { get; }

    public NdArray(int[] shape, double[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = CountElements(shape);
        if (count != data.Length)
            throw new ArgumentException($"shape {FormatShape(shape)} needs {count} elements, got {data.Length}");
        Shape = shape;
        Data = data;
    }

    public static NdArray Zeros(params int[] shape) => new(shape, new double[CountElements(shape)]);

    public static NdArray Scalar(double value) => new([], [value]);

    public static NdArray Vector(params double[] values) => new([values.Length], values);

    public static NdArray Matrix(double[,] values)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                data[r * cols + c] = values[r, c];
        return new([rows, cols], data);
    }

    public static NdArray Identity(int n)
    {
        var m = Zeros(n, n);
        for (int i = 0; i < n; i++) m.Data[i * n + i] = 1;
        return m;
    }

    public int Rank => Shape.Length;
    public int Length => Data.Length;
    public bool IsScalar => Shape.Length == 0;
    public bool IsVector => Shape.Length == 1;
    public bool IsMatrix => Shape.Length == 2;
    public int Rows => IsMatrix ? Shape[0] : IsVector ? Shape[0] : 1;
    public int Columns => IsMatrix ? Shape[1] : 1;

    /// <summary>The single value of a scalar (or of any one-element array).</summary>
    public double ScalarValue => Data.Length == 1
        ? Data[0]
        : throw new InvalidOperationException($"expected a scalar, got shape {FormatShape(Shape)}");

    public double this[params int[] index]
    {
        get => Data[Offset(index)];
    }

    public double At(int row, int col) => Data[row * Shape[^1] + col];

    public int Offset(int[] index)
    {
        if (index.Length != Shape.Length)
            throw new ArgumentException($"index of rank {index.Length} into array of rank {Shape.Length}");
        int offset = 0;
        for (int d = 0; d < index.Length; d++)
        {
            if ((uint)index[d] >= (uint)Shape[d])
                throw new IndexOutOfRangeException($"index {index[d]} out of range for axis {d} of size {Shape[d]}");
            offset = offset * Shape[d] + index[d];
        }
        return offset;
    }

    public NdArray Reshape(params int[] shape) => new(shape, Data);

    public NdArray Map(Func<double, double> f)
    {
        var data = new double[Data.Length];
        for (int i = 0; i < data.Length; i++) data[i] = f(Data[i]);
        return new(Shape, data);
    }

    public bool SameShape(NdArray other) => Shape.AsSpan().SequenceEqual(other.Shape);

    public bool AllFinite()
    {
        foreach (var v in Data)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    public static long CountElements(int[] shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape {FormatShape(shape)}");
            count *= d;
            if (count > MaxElements)
                throw new ArgumentException($"shape {FormatShape(shape)} exceeds the limit of {MaxElements} elements");
        }
        return count;
    }

    /// <summary>Shapes as people write them: "5x5", "3" for a vector, "scalar" for rank 0.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 0 ? "scalar" : string.Join("x", shape);

    public bool Equals(NdArray? other) =>
        other is not null && SameShape(other) && Data.AsSpan().SequenceEqual(other.Data);

    public override bool Equals(object? obj) => obj is NdArray other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in Shape) hash.Add(d);
        foreach (var v in Data) hash.Add(v);
        return hash.ToHashCode();
    }

    public override string ToString() => NdArrayFormatter.Format(this);
}
