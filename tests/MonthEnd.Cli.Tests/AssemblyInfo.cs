// Every test starts real monthend processes that use both cores; running them one at a time keeps
// the timing-sensitive kill tests from being starved by their neighbours.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
