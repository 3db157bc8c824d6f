using System.Text.Encodings.Web;
using System.Text.Json;

namespace Grader.Bench.Inference;

/// <summary>Results go to stdout as one JSON object per line (run.sh parses them); everything
/// else goes to stderr.</summary>
public static class JsonLine
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Plain '+' and quotes in engine versions and layer details: the lines are read by people too.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(T value)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
        Console.Out.Flush();
    }

    public static double Round1(double x) => Math.Round(x, 1);
}
