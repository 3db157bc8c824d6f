using Grader.Core.Numerics;

namespace Grader.Core.Reference.Layers;

/// <summary>
/// One layer of a network description for <see cref="NetworkSummary"/>. Shapes exclude the batch
/// axis: (C, H, W) for images, (features) after a Flatten or Linear.
/// </summary>
public abstract record LayerSpec
{
    /// <summary>The PyTorch class name, used in the summary ("Conv2d-1").</summary>
    public abstract string TypeName { get; }

    /// <summary>Output shape and trainable parameter count for an input of the given shape.</summary>
    internal abstract (int[] Shape, long Parameters) Apply(int[] input);

    internal (int C, int H, int W) Image(int[] input)
    {
        Check.That(input.Length == 3,
            $"{TypeName} needs a (C, H, W) input, got shape {NdArray.FormatShape(input)}");
        return (input[0], input[1], input[2]);
    }
}

/// <summary>A layer that keeps the shape and has no parameters: activations, dropout, (log-)softmax.</summary>
public abstract record ShapePreserving : LayerSpec
{
    internal override (int[] Shape, long Parameters) Apply(int[] input) => (input, 0);
}

public sealed record ReLU : ShapePreserving { public override string TypeName => "ReLU"; }

public sealed record LeakyReLU : ShapePreserving { public override string TypeName => "LeakyReLU"; }

public sealed record Sigmoid : ShapePreserving { public override string TypeName => "Sigmoid"; }

public sealed record Tanh : ShapePreserving { public override string TypeName => "Tanh"; }

public sealed record Softmax : ShapePreserving { public override string TypeName => "Softmax"; }

public sealed record LogSoftmax : ShapePreserving { public override string TypeName => "LogSoftmax"; }

public sealed record Dropout(double P = 0.5) : ShapePreserving { public override string TypeName => "Dropout"; }
