namespace Grader.Core.Expressions.Builtins;

/// <summary>The function table every rubric and student expression is evaluated with.</summary>
public static class StandardFunctions
{
    public static FunctionTable Table { get; } = new FunctionTable()
        .AddMathBuiltins()
        .AddReferenceLibrary();
}
