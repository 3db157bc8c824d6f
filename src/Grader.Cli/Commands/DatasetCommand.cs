using System.CommandLine;
using Grader.Cli.Files;
using Grader.Datasets;
using Grader.Datasets.Preprocessing;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader dataset import &lt;name&gt; &lt;archive&gt;...</c>: verifies an official test-set archive and
/// stores it in the compact internal form; <c>grader dataset list</c>: what is imported. Nothing is
/// ever downloaded: staff import the archives they already have.
/// </summary>
public static class DatasetCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("dataset", "Import and list the held-out test sets model items are evaluated on.");
        command.Subcommands.Add(Import(output));
        command.Subcommands.Add(List(output));
        return command;
    }

    private static Command Import(CliOutput output)
    {
        var nameArgument = new Argument<string>("name") { Description = "cifar10, gtsrb, fashion-mnist or mnist." };
        var archivesArgument = new Argument<string[]>("archives") { Description = "The official archive(s) or their extracted folder.", Arity = ArgumentArity.OneOrMore };
        var officialOption = new Option<bool>("--require-official") { Description = "Refuse archives whose checksum is not the published one." };
        var dataDirectoryOption = DataDirectory.CreateOption();
        var command = new Command("import", "Verify an official archive and import its test set.") { nameArgument, archivesArgument, officialOption, dataDirectoryOption };
        command.SetAction(parse =>
        {
            var dataDirectory = DataDirectory.Resolve(parse.GetValue(dataDirectoryOption));
            try
            {
                var manifest = DatasetImporter.Import(parse.GetValue(nameArgument)!, parse.GetValue(archivesArgument)!, dataDirectory,
                    new ImportOptions { RequireOfficialChecksum = parse.GetValue(officialOption) });
                output.Out.WriteLine($"imported {manifest.Name}: {manifest.Count:N0} images, {manifest.Classes.Count} classes, "
                    + $"{(manifest.ImageShape?.ToString() ?? "variable size")} into {Path.Combine(dataDirectory, manifest.Name)}");
                foreach (var source in manifest.Sources)
                    output.Out.WriteLine($"  {source.File}: sha256 {source.Sha256} (official checksum: {source.OfficialDescription})");
                return GraderApp.ExitOk;
            }
            catch (Exception e) when (e is DatasetException or PreprocessingException or IOException or UnauthorizedAccessException)
            {
                return output.Fail(e.Message);
            }
        });
        return command;
    }

    private static Command List(CliOutput output)
    {
        var dataDirectoryOption = DataDirectory.CreateOption();
        var command = new Command("list", "List the imported data sets.") { dataDirectoryOption };
        command.SetAction(parse =>
        {
            var dataDirectory = DataDirectory.Resolve(parse.GetValue(dataDirectoryOption));
            foreach (var info in KnownDatasets.All)
            {
                if (!DatasetStore.Exists(dataDirectory, info.Name))
                {
                    output.Out.WriteLine($"{info.Name,-14} not imported");
                    continue;
                }
                try
                {
                    using var reader = DatasetStore.Open(dataDirectory, info.Name);
                    output.Out.WriteLine($"{info.Name,-14} {reader.Count:N0} images, {reader.Classes.Count} classes, imported {reader.Manifest.CreatedUtc:yyyy-MM-dd}");
                }
                catch (DatasetException e)
                {
                    output.Out.WriteLine($"{info.Name,-14} damaged: {e.Message}");
                }
            }
            return GraderApp.ExitOk;
        });
        return command;
    }
}
