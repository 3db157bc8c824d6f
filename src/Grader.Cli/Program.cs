using Grader.Cli;

return await GraderApp.RunAsync(args, Console.Out, Console.Error);
