namespace Grader.Inference.Graph;

/// <summary>Element types the engine computes with. Values match ONNX TensorProto.DataType.</summary>
public enum ElementType
{
    Float32 = 1,
    Int64 = 7,
}

internal static class ElementTypeNames
{
    /// <summary>ONNX data type code to a readable name, for error messages about refused types.</summary>
    public static string OnnxName(int code) => code switch
    {
        0 => "undefined", 1 => "float32", 2 => "uint8", 3 => "int8", 4 => "uint16", 5 => "int16",
        6 => "int32", 7 => "int64", 8 => "string", 9 => "bool", 10 => "float16", 11 => "float64",
        12 => "uint32", 13 => "uint64", 14 => "complex64", 15 => "complex128", 16 => "bfloat16",
        _ => $"type {code}",
    };
}
