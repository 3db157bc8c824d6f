using Grader.Cli;
using Grader.TestSupport;
using Grader.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Admin;

/// <summary><c>grader admin import-rubrics</c> refuses a rubric whose state_dict network is written wrongly, as <c>grader check</c> does.</summary>
public sealed class ImportRubricsCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("grader-import-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<(int Code, string Out, string Error)> ImportAsync(string path)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await GraderApp.RunAsync(["admin", "import-rubrics", path, "--db", database.ConnectionString], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Rubric(string id, string layer)
    {
        var path = Path.Combine(folder, id + ".yaml");
        File.WriteAllText(path, ModelRubricYaml.FashionMnist(id, layer, "{ type: Flatten }", "{ type: Linear, in_features: 6272, out_features: 10 }"));
        return path;
    }

    [Theory]
    [InlineData("{ type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 3, padding: 1, affine: true }", ":14:", "Conv2d has no argument 'affine'")]
    [InlineData("{ type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1 }", ":13:", "layer 0 (Conv2d): in_channels is 3, but its input has 1 channels")]
    public async Task A_layer_list_mistake_is_refused_with_its_line_and_nothing_is_stored(string layer, string line, string expected)
    {
        string id = "net-" + Guid.NewGuid().ToString("N")[..8];
        var path = Rubric(id, layer);
        var (code, _, error) = await ImportAsync(path);
        Assert.Equal(1, code);
        Assert.Contains($"{path}{line}", error);
        Assert.Contains(expected, error);
        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.False(await db.Assignments.AnyAsync(a => a.Id == id));
    }

    [Fact]
    public async Task A_well_written_layer_list_is_imported()
    {
        string id = "net-" + Guid.NewGuid().ToString("N")[..8];
        var (code, output, error) = await ImportAsync(Rubric(id, "{ type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 3, padding: 1 }"));
        Assert.True(code == 0, error);
        Assert.Contains($"{id} (course {id[..3]}): version 1", output);
    }
}
