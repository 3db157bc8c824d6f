using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>
/// What happens to a finished output tile before it is stored for good: bias (per row for conv,
/// per column for gemm), a same-shape residual, then an activation. Applying it while the tile is
/// still in cache replaces separate passes for BiasAdd / Add / Relu.
/// </summary>
internal readonly unsafe struct Epilogue
{
    public readonly float* Bias;
    public readonly bool BiasPerRow;
    /// <summary>Residual addressed like C: element (i, j) at Residual[i * ResidualLd + j].</summary>
    public readonly float* Residual;
    public readonly int ResidualLd;
    public readonly Activation Act;

    public Epilogue(float* bias, bool biasPerRow, float* residual, int residualLd, Activation act)
    {
        Bias = bias; BiasPerRow = biasPerRow; Residual = residual; ResidualLd = residualLd; Act = act;
    }

    public bool IsIdentity => Bias == null && Residual == null && Act.Kind == ActivationKind.None;

    /// <summary>Same epilogue for the sub-matrix starting at (row, col) of the original C.</summary>
    public Epilogue Offset(int row, int col) => new(
        Bias == null ? null : Bias + (BiasPerRow ? row : col), BiasPerRow,
        Residual == null ? null : Residual + (long)row * ResidualLd + col, ResidualLd, Act);

    /// <summary>Applies to rows [r0, r0+rows) x cols [c0, c0+cols) of C (coordinates relative to C's origin).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(float* c, int ldc, int r0, int c0, int rows, int cols)
    {
        if (IsIdentity) return;
        for (int r = 0; r < rows; r++)
        {
            float* cr = c + (long)(r0 + r) * ldc + c0;
            float* rr = Residual == null ? null : Residual + (long)(r0 + r) * ResidualLd + c0;
            float rowBias = Bias != null && BiasPerRow ? Bias[r0 + r] : 0f;
            float* colBias = Bias != null && !BiasPerRow ? Bias + c0 : null;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var vb = Vector512.Create(rowBias);
                for (; j + 16 <= cols; j += 16)
                {
                    var v = Vector512.Load(cr + j) + vb;
                    if (colBias != null) v += Vector512.Load(colBias + j);
                    if (rr != null) v += Vector512.Load(rr + j);
                    Act.Apply(v).Store(cr + j);
                }
            }
            for (; j < cols; j++)
            {
                float v = cr[j] + rowBias;
                if (colBias != null) v += colBias[j];
                if (rr != null) v += rr[j];
                cr[j] = Act.Apply(v);
            }
        }
    }
}
