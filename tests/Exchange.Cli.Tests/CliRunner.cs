using System.Diagnostics;

namespace Exchange.Cli.Tests;

/// <summary>Runs the built <c>exchange</c> command as a separate process, as a user would.</summary>
internal static class CliRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the command with <paramref name="environment"/> added to this process's environment.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        // Tables render at a fixed width when not on a terminal, so assertions can read them.
        start.Environment["COLUMNS"] = "200";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Exchange.sln not found above " + AppContext.BaseDirectory);
    }
}
