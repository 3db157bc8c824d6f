namespace Grader.Core.Expressions;

public enum UnaryOperator
{
    Plus,
    Negate,
    Not,
}

public enum BinaryOperator
{
    Or,
    And,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    Add,
    Subtract,
    /// <summary><c>*</c>, <c>\cdot</c> and juxtaposition: scaling or the matrix product.</summary>
    Multiply,
    Divide,
    ElementMultiply,
    ElementDivide,
    /// <summary><c>@</c>, NumPy's matrix product.</summary>
    MatrixMultiply,
    /// <summary><c>^</c>: also the transpose when the exponent is a bare, unbound <c>T</c>.</summary>
    Power,
    ElementPower,
}

public static class OperatorSymbols
{
    public static string Symbol(this UnaryOperator op) => op switch
    {
        UnaryOperator.Plus => "+",
        UnaryOperator.Negate => "-",
        UnaryOperator.Not => "not ",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static string Symbol(this BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.ElementMultiply => ".*",
        BinaryOperator.ElementDivide => "./",
        BinaryOperator.MatrixMultiply => "@",
        BinaryOperator.Power => "^",
        BinaryOperator.ElementPower => ".^",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
