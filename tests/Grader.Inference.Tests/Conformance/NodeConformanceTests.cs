using Xunit.Abstractions;

namespace Grader.Inference.Tests.Conformance;

/// <summary>Skips, naming the package, where libonnx-testdata is not installed.</summary>
public sealed class NodeTestsFactAttribute : FactAttribute
{
    public NodeTestsFactAttribute()
    {
        if (!NodeTestCase.Available)
            Skip = $"ONNX node tests not installed at {NodeTestCase.Directory} (Debian package libonnx-testdata; scripts/prerequisites.sh installs it)";
    }
}

/// <summary>ONNX's own backend node tests (the suite onnxruntime runs) on the engine.</summary>
public class NodeConformanceTests(ITestOutputHelper output)
{
    [NodeTestsFact]
    public void EveryCaseOfASupportedOperatorAndAttributeCombinationPasses()
    {
        var results = NodeConformance.All;
        var failed = results.Where(r => r.Outcome == CaseOutcome.Failed).ToList();
        foreach (var f in failed) output.WriteLine($"{f.Name} ({f.Operator}): {f.Detail}");
        output.WriteLine($"{results.Count(r => r.Outcome == CaseOutcome.Passed)} passed, {failed.Count} failed, {results.Count(r => r.Outcome == CaseOutcome.NotSupported)} not supported");
        Assert.True(results.Count > 500, $"only {results.Count} node tests found in {NodeTestCase.Directory}");
        Assert.True(failed.Count == 0, $"{failed.Count} node tests failed:\n" + string.Join("\n", failed.Take(40).Select(f => $"{f.Name}: {f.Detail}")));
    }

    /// <summary>docs/models.md carries the table of this very run; GRADER_UPDATE_DOCS=1 rewrites it.</summary>
    [NodeTestsFact]
    public void TheDocumentedConformanceTableIsCurrent()
    {
        string path = Path.Combine(RepositoryRoot.Path, "docs", "models.md");
        string doc = File.ReadAllText(path);
        string expected = ConformanceTable.Splice(doc, ConformanceTable.Markdown(NodeConformance.All));
        if (Environment.GetEnvironmentVariable("GRADER_UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        else Assert.True(expected == doc, "docs/models.md's conformance table is out of date: run GRADER_UPDATE_DOCS=1 dotnet test tests/Grader.Inference.Tests --filter NodeConformance");
    }
}
