using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;

namespace Grader.Core.Tests.Reference.Support;

/// <summary>Calls reference-library functions through a function table, as the evaluator will.</summary>
public static class Builtins
{
    public static FunctionTable Table { get; } = new FunctionTable().AddReferenceLibrary();

    public static Value Call(string name, params object[] arguments)
    {
        Assert.True(Table.TryGet(name, out var signature, out var body), $"function {name} is not registered");
        var positional = new List<Value>();
        var named = new List<KeyValuePair<string, Value>>();
        foreach (var argument in arguments)
        {
            // A (name, value) tuple is a named argument: ("padding", "same") for padding="same".
            if (argument is System.Runtime.CompilerServices.ITuple { Length: 2 } pair && pair[0] is string key)
                named.Add(new(key, ToValue(pair[1]!)));
            else positional.Add(ToValue(argument));
        }
        return body(CallArguments.Bind(signature, positional, named));
    }

    public static NdArray Array(string name, params object[] arguments) =>
        Assert.IsType<Value.Tensor>(Call(name, arguments)).Array;

    public static double Number(string name, params object[] arguments) => Array(name, arguments).ScalarValue;

    public static Value ToValue(object argument) => argument switch
    {
        Value value => value,
        NdArray array => Value.Of(array),
        string text => new Value.Text(text),
        int number => Value.Of(number),
        double number => Value.Of(number),
        int[] numbers => Value.Of(NdArray.Vector(numbers.Select(n => (double)n).ToArray())),
        _ => throw new ArgumentException($"cannot pass {argument.GetType().Name}"),
    };
}
