using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Core.Answers;

/// <summary>
/// Reads the answer to a model item: a file name (<c>cifar10.onnx</c>), or a mapping with the file
/// and the options the rubric may allow (<c>{ file: net.onnx, mean: [...], std: [...], input_size: 64x64 }</c>).
/// </summary>
public static class ModelAnswerReader
{
    public static AnswerValue<ModelAnswer> Read(DocNode node)
    {
        try
        {
            if (node is DocNode.Scalar)
                return new(new ModelAnswer(FileName(node), null, null, null), null, node.Position);
            var mapping = node.RequireMapping("a model answer");
            mapping.RejectUnknownKeys("a model answer", "file", "mean", "std", "input_size");
            var size = mapping.GetOptionalString("input_size");
            PixelSize? inputSize = null;
            if (size is not null)
                inputSize = PixelSize.TryParse(size, out var parsed)
                    ? parsed
                    : throw new DocumentException($"input_size '{size}' is not an image size (HxW, e.g. 32x32)", mapping.Find("input_size")!.Position);
            return new(new ModelAnswer(FileName(mapping.Require("file", "a model answer")),
                Numbers(mapping.Find("mean")), Numbers(mapping.Find("std")), inputSize), null, node.Position);
        }
        catch (DocumentException e)
        {
            return new(null, e.Message, e.Position);
        }
    }

    /// <summary>Only a bare file name: the answer names an upload, never a path on the grader.</summary>
    private static string FileName(DocNode node)
    {
        var name = node.AsString("the model file name");
        if (name.Length > 255 || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
            throw new DocumentException($"'{name}' is not a plain file name", node.Position);
        return name;
    }

    private static IReadOnlyList<double>? Numbers(DocNode? node) => node switch
    {
        null => null,
        DocNode.Sequence list => list.Items.Select(item => item.AsNumber("a mean/std value")).ToList(),
        _ => [node.AsNumber("a mean/std value")],
    };
}
