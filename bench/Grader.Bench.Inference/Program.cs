using Grader.Bench.Inference;

// Modes (see README in bench/inference and bench/gpu): models | profile | gtsrb-make | gtsrb | sets.
return BenchCommand.Run(args);
