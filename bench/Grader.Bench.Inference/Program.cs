using Grader.Bench.Inference;

// Modes (see README in bench/inference): models | profile | gtsrb-make | gtsrb.
return BenchCommand.Run(args);
