using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>
/// How a step of the CPU backend can hold 4-D activations channels-last (NHWC: a pixel's
/// channels contiguous) instead of NCHW. <see cref="Writes"/>: its output may be channels-last.
/// <see cref="Reads"/>: inputs it reads in either layout. <see cref="Coupled"/>: inputs that must
/// share the output's layout (a fused residual, a pool's input).
/// </summary>
internal sealed record ChannelsLastUse(bool Writes, int[] Reads, int[] Coupled)
{
    public static readonly ChannelsLastUse None = new(false, [], []);
}

/// <summary>Implemented by kernel ops whose CPU kernels take channels-last tensors.</summary>
internal interface IChannelsLastCapable
{
    ChannelsLastUse ChannelsLast(PlanStep step);
}

/// <summary>
/// Chooses which activations of a bound CPU plan are held channels-last. The dense convolution
/// kernel multiplies pixels × channels tiles out of a channels-last slab: with NCHW on both sides
/// it transposes every input row into the slab and every output tile back, which cost about a
/// quarter of a ResNet 3x3 layer at 56x56. Between two such convolutions (and the max pools and
/// residual adds of a ResNet) the activation stays channels-last, so the slab is a row copy and
/// a tile is stored as it is. A value is channels-last only where its producer writes it so and
/// every consumer reads it so; the model's input and outputs stay NCHW, and so does everything
/// the CUDA backend binds (this is the CPU backend's choice, made when a plan is bound).
/// </summary>
internal static class ChannelsLastLayout
{
    public static IReadOnlySet<PlanValue> Assign(ExecutionPlan plan)
    {
        var uses = plan.Steps.ToDictionary(s => s, s => s.Op is IChannelsLastCapable c ? c.ChannelsLast(s) : ChannelsLastUse.None);
        var consumers = new Dictionary<PlanValue, List<(PlanStep Step, int Input)>>();
        foreach (var s in plan.Steps)
            for (int i = 0; i < s.Inputs.Count; i++)
            {
                if (!consumers.TryGetValue(s.Inputs[i], out var list)) consumers[s.Inputs[i]] = list = [];
                list.Add((s, i));
            }
        var outputs = plan.Outputs.ToHashSet();

        bool Eligible(PlanValue v) =>
            !v.IsConstant && v != plan.Input && !outputs.Contains(v) && v.Shape.Length == 4 && v.Type == ElementType.Float32
            && v.Producer is { } p && uses.TryGetValue(p, out var pu) && pu.Writes && p.Outputs.Length == 1
            && consumers.TryGetValue(v, out var cs)
            && cs.All(c => uses[c.Step].Reads.Contains(c.Input) || uses[c.Step].Coupled.Contains(c.Input));

        // Values that must share a layout form groups; a group is channels-last only if all of it can be.
        var group = new Dictionary<PlanValue, PlanValue>();
        PlanValue Root(PlanValue v)
        {
            while (group.TryGetValue(v, out var parent) && parent != v) v = parent;
            return v;
        }
        foreach (var (s, u) in uses)
            foreach (int i in u.Coupled)
                if (Root(s.Inputs[i]) is var a && Root(s.Outputs[0]) is var b && a != b) group[a] = b;

        var values = consumers.Keys.Concat(plan.Steps.SelectMany(s => s.Outputs)).Distinct().ToList();
        var blocked = values.Where(v => !Eligible(v)).Select(Root).ToHashSet();
        return values.Where(v => Eligible(v) && !blocked.Contains(Root(v))).ToHashSet();
    }
}

/// <summary>Whether a convolution's input and output (and with it a fused residual) are channels-last.</summary>
internal readonly record struct ConvLayout(bool Input, bool Output);
