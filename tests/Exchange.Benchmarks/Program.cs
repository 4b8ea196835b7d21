using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Exchange.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
