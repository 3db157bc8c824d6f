using System.Globalization;
using System.Text;

namespace Grader.Core.Numerics;

/// <summary>Renders arrays as nested lists, the same notation students use in answer files.</summary>
public static class NdArrayFormatter
{
    public static string Format(NdArray array, int significantDigits = 6)
    {
        var sb = new StringBuilder();
        Append(sb, array, 0, 0, significantDigits);
        return sb.ToString();
    }

    public static string FormatNumber(double value, int significantDigits = 6)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        return value.ToString("G" + significantDigits, CultureInfo.InvariantCulture);
    }

    private static void Append(StringBuilder sb, NdArray array, int axis, int offset, int digits)
    {
        if (axis == array.Rank)
        {
            sb.Append(FormatNumber(array.Data[offset], digits));
            return;
        }
        int stride = 1;
        for (int d = axis + 1; d < array.Rank; d++) stride *= array.Shape[d];
        sb.Append('[');
        for (int i = 0; i < array.Shape[axis]; i++)
        {
            if (i > 0) sb.Append(", ");
            Append(sb, array, axis + 1, offset + i * stride, digits);
        }
        sb.Append(']');
    }
}
