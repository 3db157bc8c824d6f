using Grader.Evaluation;
using Grader.Worker.Sandbox.Child;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>How the child names a failure in its failure frame (run in-process here: only the
/// classification, not the child, which would set its limits on the test process).</summary>
public sealed class SandboxChildTests
{
    [Fact]
    public void An_allocation_failure_is_out_of_memory_wherever_it_is_wrapped()
    {
        Assert.Equal(FailureKind.OutOfMemory, SandboxChild.Classify(new OutOfMemoryException()).Kind);
        Assert.Equal(FailureKind.OutOfMemory, SandboxChild.Classify(new AggregateException(new IOException(), new OutOfMemoryException())).Kind);
        Assert.Equal(FailureKind.OutOfMemory, SandboxChild.Classify(new InvalidOperationException("batch", new OutOfMemoryException())).Kind);
    }

    [Fact]
    public void The_engines_verdict_keeps_its_owner_and_anything_else_is_the_graders()
    {
        Assert.Equal(new ChildFailure(FailureKind.Student, "wrong input shape"),
            SandboxChild.Classify(new ModelEvaluationException("wrong input shape", isStudentError: true)));
        Assert.Equal(new ChildFailure(FailureKind.Infrastructure, "the data set 'gtsrb' is not imported"),
            SandboxChild.Classify(new ModelEvaluationException("the data set 'gtsrb' is not imported", isStudentError: false)));
        Assert.Equal(new ChildFailure(FailureKind.Infrastructure, "InvalidDataException: expected a Request frame from the worker"),
            SandboxChild.Classify(new InvalidDataException("expected a Request frame from the worker")));
    }
}
