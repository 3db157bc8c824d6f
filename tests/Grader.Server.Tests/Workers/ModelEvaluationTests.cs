using System.Net.Http.Json;
using System.Text.Json;
using Grader.Core.Checking;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Grader.Worker.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Server.Tests.Workers;

/// <summary>
/// Stands in for the ONNX engine: a model's first byte is its accuracy in percent; 0 is corrupt.
/// It reports 100 images of two classes, "cat" (the first 50) and "dog", all its mistakes on dogs.
/// </summary>
public sealed class FakeEvaluator : IModelEvaluator
{
    public string EngineVersion => "fake/1";

    public Task<ModelEvaluation> EvaluateAsync(ModelEvaluationJob request, CancellationToken cancellationToken)
    {
        int correct = request.Model[0];
        if (correct == 0) throw new ModelRejectedException("not an ONNX model");
        int dogsRight = correct - 50;
        var details = new ModelDetails(request.Requirement.Dataset, correct, 100, request.Requirement.Threshold,
            [1.0, dogsRight / 50.0], [[50, 0], [50 - dogsRight, dogsRight]], ["cat", "dog"], new string('a', 64), new string('b', 64), EngineVersion);
        return Task.FromResult(new ModelEvaluation(correct / 100.0, Details: details));
    }
}

public sealed class ServerWithModelEvaluator : ServerFixture
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IModelEvaluator, FakeEvaluator>();
}

public sealed class ModelEvaluationTests(ServerWithModelEvaluator server) : IClassFixture<ServerWithModelEvaluator>
{
    private async Task<MarkDto> GradeModelAsync(byte accuracyPercent)
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var upload = Uploads.Answers(Uploads.Reference("rptu-dl-ex2")).WithModel("2.4.cifar10", [accuracyPercent, 1, 2]);
        var response = await client.PostAsync("/api/v1/assignments/rptu-dl-ex2/submissions", upload);
        var accepted = await response.Content.ReadFromJsonAsync<SubmissionAccepted>();
        var status = await ServerFixture.WaitForStatusAsync(client, accepted!.Id, SubmissionStatus.AwaitingManual, SubmissionStatus.Failed);
        Assert.Equal(SubmissionStatus.AwaitingManual, status.Status); // every automatic mark is in; the text items wait for a TA
        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        Assert.Equal(0, marks!.Items.Count(m => m.Status == "pending_model"));
        return marks.Items.Single(m => m.ItemId == "2.4.cifar10");
    }

    [Fact]
    public async Task A_model_over_the_threshold_gets_full_points_once_evaluated()
    {
        var mark = await GradeModelAsync(75);
        Assert.Equal(("correct", 5.0), (mark.Status, mark.Points));
        Assert.Contains("75.00", mark.Feedback);
    }

    [Fact]
    public async Task A_model_under_the_threshold_gets_nothing()
    {
        var mark = await GradeModelAsync(60);
        Assert.Equal(("incorrect", 0.0), (mark.Status, mark.Points));
    }

    [Fact]
    public async Task A_corrupt_model_is_a_student_error_with_feedback()
    {
        var mark = await GradeModelAsync(0);
        Assert.Equal(("invalid", 0.0), (mark.Status, mark.Points));
        Assert.Contains("not an ONNX model", mark.Feedback);
    }

    [Fact]
    public async Task The_evaluation_is_stored_with_the_mark()
    {
        var mark = await GradeModelAsync(75);
        var model = mark.Details!.Value.GetProperty("model");
        Assert.Equal((75, 100), (model.GetProperty("correct").GetInt32(), model.GetProperty("total").GetInt32()));
        Assert.Equal("[[50,0],[25,25]]", model.GetProperty("confusionMatrix").GetRawText());
        Assert.Equal("fake/1", model.GetProperty("engine").GetString());
    }
}
