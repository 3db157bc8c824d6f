using Grader.Bench.Inference;

// Modes (see README in bench/inference and bench/gpu): models | profile | gtsrb-make | gtsrb | sets | resize.
return BenchCommand.Run(args);
