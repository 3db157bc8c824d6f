namespace Grader.Worker.Tests.Sandbox;

/// <summary>The tests that start (and kill) sandbox children run one class at a time: a test that
/// kills "the" evaluation child must find only its own, and two evaluations at once would share
/// the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxChildren
{
    public const string Name = "sandbox children";
}
