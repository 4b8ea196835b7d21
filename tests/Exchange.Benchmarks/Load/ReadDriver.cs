using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exchange.Benchmarks.Load;

/// <summary>One set of read connections: autocannon connections that ask for one of these paths at random.</summary>
internal sealed record ReadGroup(string Name, int Connections, string Token, IReadOnlyList<string> Paths);

/// <summary>What autocannon saw of one read group: figures per minute and totals.</summary>
internal sealed record ReadGroupResult(string Name, IReadOnlyList<MinuteFigures> Minutes, long Requests, long Errors, long Timeouts, long Non2xx, IReadOnlyDictionary<string, long> StatusCodes);

/// <summary>
/// Runs the read side with autocannon (npm, pinned with its lockfile in tools/load-driver):
/// <c>node readers.mjs CONFIG</c>, installing the package first when it is missing.
/// </summary>
internal static class ReadDriver
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<ReadGroupResult>> RunAsync(
        Uri hub, TimeSpan duration, IReadOnlyList<ReadGroup> groups, string folder, CancellationToken cancellationToken)
    {
        var driver = DriverFolder();
        if (!File.Exists(Path.Combine(driver, "node_modules", "autocannon", "package.json")))
            await RunToEndAsync("npm", driver, ["ci", "--no-audit", "--no-fund"], cancellationToken);

        var config = Path.Combine(folder, "readers.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            url = hub.ToString().TrimEnd('/'),
            seconds = (int)duration.TotalSeconds,
            timeoutSeconds = 10,
            groups = groups.Select(g => new { name = g.Name, connections = g.Connections, token = g.Token, paths = g.Paths }),
        }, s_json), cancellationToken);

        var output = await RunToEndAsync("node", driver, ["readers.mjs", config], cancellationToken);
        var minutes = new List<(string Group, MinuteFigures Figures)>();
        var summaries = new Dictionary<string, Summary>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var group = root.GetProperty("group").GetString()!;
            if (root.GetProperty("type").GetString() == "minute")
                minutes.Add((group, new MinuteFigures(root.GetProperty("minute").GetInt32(), root.GetProperty("requests").GetInt32(),
                    root.GetProperty("errors").GetInt32() + root.GetProperty("non2xx").GetInt32(),
                    Number(root, "p50"), Number(root, "p90"), Number(root, "p99"), Number(root, "max"))));
            else
                summaries[group] = root.Deserialize<Summary>(s_json)!;
        }
        return [.. groups.Select(g => summaries.TryGetValue(g.Name, out var s)
            ? new ReadGroupResult(g.Name, [.. minutes.Where(m => m.Group == g.Name).Select(m => m.Figures)], s.Requests, s.Errors, s.Timeouts, s.Non2xx, s.StatusCodes)
            : throw new InvalidOperationException($"autocannon reported nothing for the {g.Name} group:{Environment.NewLine}{output}"))];
    }

    private static double? Number(JsonElement root, string name) =>
        root.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static async Task<string> RunToEndAsync(string program, string folder, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} in {folder} exited {process.ExitCode}:{Environment.NewLine}{await standardError}");
        return await standardOutput;
    }

    private static string DriverFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var driver = Path.Combine(folder.FullName, "tools", "load-driver");
            if (File.Exists(Path.Combine(driver, "readers.mjs")))
                return driver;
        }
        throw new InvalidOperationException("tools/load-driver was not found above the benchmark's folder; run the benchmark from the repository's build output.");
    }

    private sealed record Summary(
        [property: JsonPropertyName("requests")] long Requests,
        [property: JsonPropertyName("errors")] long Errors,
        [property: JsonPropertyName("timeouts")] long Timeouts,
        [property: JsonPropertyName("non2xx")] long Non2xx,
        [property: JsonPropertyName("statusCodes")] Dictionary<string, long> StatusCodes);
}
