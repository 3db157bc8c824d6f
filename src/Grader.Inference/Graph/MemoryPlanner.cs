namespace Grader.Inference.Graph;

/// <summary>Where every runtime value lives inside one float arena.</summary>
internal sealed class MemoryPlan
{
    public required Dictionary<PlanValue, long> Offsets { get; init; }
    public required long ArenaFloats { get; init; }
    /// <summary>Sum of all runtime value sizes: what a plan without reuse would need.</summary>
    public required long UnsharedFloats { get; init; }
}

/// <summary>
/// Liveness-based arena allocation. Aliasing ops (Reshape, Flatten...) share their input's storage.
/// Walking the steps in order, a step's outputs are allocated while its inputs are still live
/// (so no kernel reads and writes overlapping memory), then storages whose last reader was this
/// step are released; best-fit reuse of released blocks with coalescing.
/// </summary>
internal static class MemoryPlanner
{
    /// <summary>Offsets are multiples of 16 floats (64 bytes): full cache lines and aligned vectors.</summary>
    public const int Alignment = 16;

    private sealed class Storage
    {
        public long Size;
        public int Def;
        public int LastUse;
        public long Offset = -1;
    }

    public static MemoryPlan Build(ExecutionPlan plan)
    {
        var storageOf = new Dictionary<PlanValue, Storage>();
        var storages = new List<Storage>();
        Storage Get(PlanValue v, int def)
        {
            if (!storageOf.TryGetValue(v, out var s))
            {
                s = new Storage { Size = Align(v.Length), Def = def, LastUse = def };
                storageOf[v] = s;
                storages.Add(s);
            }
            return s;
        }

        Get(plan.Input, -1);
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            foreach (var v in step.Inputs)
                if (!v.IsConstant) Get(v, -1).LastUse = i;
            for (int o = 0; o < step.Outputs.Length; o++)
            {
                var v = step.Outputs[o];
                if (step.Op.IsAlias && o == 0 && !step.Inputs[0].IsConstant) storageOf[v] = storageOf[step.Inputs[0]];
                else Get(v, i);
            }
        }
        foreach (var v in plan.Outputs)
            if (storageOf.TryGetValue(v, out var s)) s.LastUse = int.MaxValue;

        var free = new List<(long Offset, long Size)>();
        long top = 0;
        void Allocate(Storage s)
        {
            int best = -1;
            for (int j = 0; j < free.Count; j++)
                if (free[j].Size >= s.Size && (best < 0 || free[j].Size < free[best].Size)) best = j;
            if (best >= 0)
            {
                var (off, size) = free[best];
                s.Offset = off;
                if (size == s.Size) free.RemoveAt(best);
                else free[best] = (off + s.Size, size - s.Size);
            }
            else
            {
                // Grow the arena, reusing a free block that ends at the top.
                int tail = free.FindIndex(b => b.Offset + b.Size == top);
                if (tail >= 0) { s.Offset = free[tail].Offset; free.RemoveAt(tail); }
                else s.Offset = top;
                top = s.Offset + s.Size;
            }
        }
        void Release(Storage s)
        {
            free.Add((s.Offset, s.Size));
            free.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            for (int j = free.Count - 1; j > 0; j--)
                if (free[j - 1].Offset + free[j - 1].Size == free[j].Offset)
                {
                    free[j - 1] = (free[j - 1].Offset, free[j - 1].Size + free[j].Size);
                    free.RemoveAt(j);
                }
        }

        var byDef = storages.GroupBy(s => s.Def).ToDictionary(g => g.Key, g => g.ToList());
        var byLast = storages.GroupBy(s => s.LastUse).ToDictionary(g => g.Key, g => g.ToList());
        for (int i = -1; i < plan.Steps.Count; i++)
        {
            if (byDef.TryGetValue(i, out var defs)) defs.ForEach(Allocate);
            if (byLast.TryGetValue(i, out var lasts)) lasts.ForEach(Release);
        }
        return new MemoryPlan
        {
            Offsets = storageOf.ToDictionary(kv => kv.Key, kv => kv.Value.Offset),
            ArenaFloats = top,
            UnsharedFloats = storages.Sum(s => s.Size),
        };
    }

    private static long Align(long n) => Math.Max(Alignment, (n + Alignment - 1) / Alignment * Alignment);
}
