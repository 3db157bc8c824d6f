// One GPU, one test at a time: the fault tests reset the device and the memory test fills it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
