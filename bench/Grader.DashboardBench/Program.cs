using Grader.DashboardBench;

return await GradebookBenchmark.RunAsync(args);
