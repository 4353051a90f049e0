using MonthEnd.Bench;
using MonthEnd.Bench.Postgres;
using MonthEnd.Bench.Sqlite;

// Usage: bench/run [--store sqlite|postgres] [--premiums N] [--claims M] [--workers W] [--chunk-size K] [--dir DIR]
//        PostgreSQL: [--commit attach|copy|both] [--db "Host=…"] [--wait-load L] [--rounds R] [--keep]
// SQLite (the default) times one whole batch on a generated file. PostgreSQL times our batch
// (by attach and/or by copy) against two references on the same data and the same server:
// set-based SQL posting and a raw binary COPY of as many ledger rows. See docs/benchmarks.md.
var options = BenchOptions.Parse(args);
return options.IsPostgres
    ? await PostgresBench.RunAsync(options)
    : await SqliteBench.RunAsync(options, args);
