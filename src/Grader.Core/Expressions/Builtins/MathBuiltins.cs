namespace Grader.Core.Expressions.Builtins;

public static class MathBuiltins
{
    // Placeholder: filled by the expression-language work.
    public static FunctionTable AddMathBuiltins(this FunctionTable table) => table;
}
