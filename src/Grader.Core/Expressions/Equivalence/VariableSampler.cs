using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Draws one value per variable from its domain; deterministic for a given <see cref="Random"/>.</summary>
internal sealed class VariableSampler(Random random)
{
    public Value Sample(VariableDomain domain, IReadOnlyDictionary<string, long> integers) => domain switch
    {
        VariableDomain.Real r => Value.Of(Uniform(r.Min, r.Max)),
        VariableDomain.Integer i => Value.Of(random.NextInt64(i.Min, i.Max + 1)),
        VariableDomain.Array a => Value.Of(SampleArray(a, integers)),
        VariableDomain.Simplex s => Value.Of(SampleSimplex(Resolve(s.Length, integers))),
        VariableDomain.OneHot o => Value.Of(SampleOneHot(Resolve(o.Length, integers))),
        _ => throw new ArgumentException($"unknown domain {domain.GetType().Name}"),
    };

    public static int Resolve(DimensionRef dimension, IReadOnlyDictionary<string, long> integers) => dimension switch
    {
        DimensionRef.Fixed f => f.Size,
        DimensionRef.Variable v => checked((int)integers[v.Name]),
        _ => throw new ArgumentException($"unknown dimension {dimension}"),
    };

    private double Uniform(double min, double max) => min + (max - min) * random.NextDouble();

    private NdArray SampleArray(VariableDomain.Array domain, IReadOnlyDictionary<string, long> integers)
    {
        var shape = domain.Shape.Select(d => Resolve(d, integers)).ToArray();
        var array = NdArray.Zeros(shape);
        long low = (long)Math.Ceiling(domain.Min), high = (long)Math.Floor(domain.Max);
        for (int i = 0; i < array.Length; i++)
            array.Data[i] = domain.IntegerValued ? random.NextInt64(low, high + 1) : Uniform(domain.Min, domain.Max);
        return array;
    }

    // Normalised exponentials: uniform over the simplex (Dirichlet(1, ..., 1)), every entry positive.
    private NdArray SampleSimplex(int length)
    {
        var data = new double[length];
        double total = 0;
        for (int i = 0; i < length; i++)
        {
            data[i] = -Math.Log(1 - random.NextDouble());
            if (data[i] == 0) data[i] = double.Epsilon;
            total += data[i];
        }
        for (int i = 0; i < length; i++) data[i] /= total;
        return NdArray.Vector(data);
    }

    private NdArray SampleOneHot(int length)
    {
        var data = new double[length];
        data[random.Next(length)] = 1;
        return NdArray.Vector(data);
    }
}
