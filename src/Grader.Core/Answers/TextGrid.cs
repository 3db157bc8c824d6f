using Grader.Core.Numerics;

namespace Grader.Core.Answers;

/// <summary>
/// A rectangular array of texts, row-major like <see cref="NdArray"/>: answers such as a matrix of
/// formulas <c>[["w1", "w2", 0], ...]</c> whose entries the checker evaluates itself.
/// Numbers keep the exact text they were written with.
/// </summary>
public sealed record TextGrid(IReadOnlyList<int> Shape, IReadOnlyList<string> Cells)
{
    public int Rank => Shape.Count;

    /// <summary>The cell at a full index, e.g. <c>grid[1, 2]</c> for a matrix.</summary>
    public string this[params int[] index]
    {
        get
        {
            if (index.Length != Shape.Count)
                throw new ArgumentException($"index of rank {index.Length} into a grid of rank {Shape.Count}");
            int offset = 0;
            for (int d = 0; d < index.Length; d++)
            {
                if ((uint)index[d] >= (uint)Shape[d])
                    throw new IndexOutOfRangeException($"index {index[d]} out of range for axis {d} of size {Shape[d]}");
                offset = offset * Shape[d] + index[d];
            }
            return Cells[offset];
        }
    }
}
