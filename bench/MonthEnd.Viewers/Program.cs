using MonthEnd.Viewers;

// Usage: dotnet MonthEnd.Viewers.dll --url http://127.0.0.1:P --admin-token T --viewer-token T --user U --password P
//        --period 2025-01 [--workers 2] [--viewers 50] [--think-ms 1000] [--pages-only true]
// Starts N viewers (each signed in with a session of its own), then initiates the period's batch
// through the API as the admin; the viewers watch it until it closes. Prints the batch's time (its
// own created → committed) and the viewers' requests, latency and errors. bench/viewers runs it.
var options = LoadOptions.Parse(args);
using var site = new Site(options.Url);
var report = await new ViewerLoad(site, options).RunAsync();
Console.WriteLine(report);
return report.BatchStatus == "COMMITTED" ? 0 : 1;
