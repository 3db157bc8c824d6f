using Grader.Bench;

return GradingBenchmark.Run(args);
