namespace Grader.Core.Expressions;

/// <summary>Why a formula could not be read. <see cref="Message"/> already names the column.</summary>
public sealed record ParseError(int Column, string Message)
{
    public override string ToString() => Message;
}
