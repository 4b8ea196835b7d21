using BenchmarkDotNet.Running;
using Exchange.Benchmarks;
using Exchange.Benchmarks.Ingest;

// dotnet run -c Release --project tests/Exchange.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Exchange.Benchmarks -- ingest --records 1000000
// dotnet run -c Release --project tests/Exchange.Benchmarks -- merge --records 100000
// dotnet run -c Release --project tests/Exchange.Benchmarks -- badinput --rounds 100
// dotnet run -c Release --project tests/Exchange.Benchmarks -- csvimport --rows 1000000
// dotnet run -c Release --project tests/Exchange.Benchmarks -- load --minutes 10 --readers 16
// dotnet run -c Release --project tests/Exchange.Benchmarks -- faults --records 100000
// dotnet run -c Release --project tests/Exchange.Benchmarks -- reports --graduates 1000000
// dotnet run -c Release --project tests/Exchange.Benchmarks -- read --graduates 1000000 --vacancies 200000 --clients 16 --seconds 60
if (args is ["ingest", .. var ingestArgs])
    return await IngestBenchmark.RunAsync(ingestArgs);
if (args is ["resolution", .. var resolutionArgs])
    return await Exchange.Benchmarks.Resolution.ResolutionBenchmark.RunAsync(resolutionArgs);
if (args is ["merge", .. var mergeArgs])
    return await Exchange.Benchmarks.Merge.MergeBenchmark.RunAsync(mergeArgs);
if (args is ["badinput", .. var badInputArgs])
    return await Exchange.Benchmarks.BadInput.BadInputBenchmark.RunAsync(badInputArgs);
if (args is ["csvimport", .. var csvImportArgs])
    return await Exchange.Benchmarks.CsvImport.CsvImportBenchmark.RunAsync(csvImportArgs);
if (args is ["load", .. var loadArgs])
    return await Exchange.Benchmarks.Load.LoadBenchmark.RunAsync(loadArgs);
if (args is ["reports", .. var reportsArgs])
    return await Exchange.Benchmarks.Reports.ReportBenchmark.RunAsync(reportsArgs);
if (args is ["read", .. var readArgs])
    return await Exchange.Benchmarks.Read.ReadBenchmark.RunAsync(readArgs);
if (args is [MockBrokersCommand.Verb, .. var brokerArgs])
    return await MockBrokersCommand.RunAsync(brokerArgs);
if (args is ["faults", .. var faultsArgs])
    return await Exchange.Benchmarks.BrokerFaults.BrokerFaultBenchmark.RunAsync(faultsArgs);

// Not typeof(Program): Exchange.Hub, referenced for the ingest benchmark, has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(GraduateValidationBenchmarks).Assembly).Run(args);
return 0;
