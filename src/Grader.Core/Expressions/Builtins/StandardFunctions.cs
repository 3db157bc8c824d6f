namespace Grader.Core.Expressions.Builtins;

/// <summary>
/// The function tables expressions are evaluated with. Rubric expressions get everything; answers
/// (formulas and numbers alike) get the math built-ins only, because naming a reference function
/// (<c>ridge(X, y, lambda)</c>, <c>conv2d_params(k, C, N)</c>) hands the computation the question
/// asks for back to the grader. A rubric item may allow named reference functions (e.g. softmax
/// where the sheet defines yhat = softmax(z)).
/// </summary>
public static class StandardFunctions
{
    /// <summary>What answers calling a reference function are told; {0} is the function's name.</summary>
    public const string Refusal =
        "'{0}' is a reference-library function, which answers may not call: write out what it computes "
        + "with arithmetic and elementary functions (exp, log, sqrt, abs, floor, sum, transpose, inv, ...)";

    /// <summary>The deep-learning reference library alone (conv2d, softmax, losses, parameter counts...).</summary>
    public static FunctionTable ReferenceLibrary { get; } = new FunctionTable().AddReferenceLibrary();

    /// <summary>Rubric expressions: the math built-ins and the reference library.</summary>
    public static FunctionTable Table { get; } = new FunctionTable()
        .AddMathBuiltins()
        .AddReferenceLibrary();

    /// <summary>Answers: the math built-ins; every reference function is withheld with <see cref="Refusal"/>.</summary>
    public static FunctionTable Student { get; } = BuildStudent([]);

    /// <summary>The student table plus the reference functions an item allows (none: <see cref="Student"/> itself).</summary>
    public static FunctionTable ForStudents(IReadOnlyCollection<string> allowed) =>
        allowed.Count == 0 ? Student : BuildStudent(allowed);

    private static FunctionTable BuildStudent(IReadOnlyCollection<string> allowed) => new FunctionTable()
        .AddMathBuiltins()
        .AddFrom(ReferenceLibrary, allowed)
        .Withhold(ReferenceLibrary, Refusal);
}
