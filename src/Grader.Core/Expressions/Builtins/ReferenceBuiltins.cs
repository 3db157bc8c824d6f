namespace Grader.Core.Expressions.Builtins;

public static class ReferenceBuiltins
{
    // Placeholder: filled by the reference-library work.
    public static FunctionTable AddReferenceLibrary(this FunctionTable table) => table;
}
