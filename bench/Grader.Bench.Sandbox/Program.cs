using Grader.Bench.Sandbox;

// One mode: the sandbox's overhead per evaluation (bench/sandbox/README.md).
return await SandboxOverhead.RunAsync(args);
