// Every test starts real monthend processes. Two test classes run at a time (the machine has two
// cores), which halves this suite's wall time; the tests wait on states, never on time, so a slower
// neighbour only makes a kill land later in the same phase. Every PostgreSQL class is in one
// collection (PgReferenceGroup): one of them restarts the shared cluster mid-batch.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
