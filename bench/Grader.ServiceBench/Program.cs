using Grader.ServiceBench;

return await ServiceBenchmark.RunAsync(args);
