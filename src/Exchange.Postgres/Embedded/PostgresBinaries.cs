using System.Diagnostics;
using System.Globalization;

namespace Exchange.Postgres.Embedded;

/// <summary>The installed PostgreSQL server programs the embedded database is run with.</summary>
public sealed class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private static readonly string[] RequiredTools = ["initdb", "pg_ctl", "postgres"];

    private PostgresBinaries(string binDirectory)
    {
        BinDirectory = binDirectory;
    }

    public string BinDirectory { get; }

    public string InitDb => Tool("initdb");

    public string PgCtl => Tool("pg_ctl");

    public string Postgres => Tool("postgres");

    /// <summary>The dump and restore clients of the same installation, for backups (client tools: they run as any user).</summary>
    public string PgDump => Tool("pg_dump");

    public string PgRestore => Tool("pg_restore");

    /// <summary>
    /// Finds the server binaries: the configured folder if given (and only it — an explicit
    /// setting that is wrong should fail, not be silently replaced), else <c>pg_config --bindir</c>,
    /// else the newest <c>/usr/lib/postgresql/N/bin</c>.
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">No folder holds initdb, pg_ctl and postgres.</exception>
    public static PostgresBinaries Locate(string? configuredBinDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredBinDirectory))
        {
            var configured = Path.GetFullPath(configuredBinDirectory);
            if (HasAllTools(configured))
            {
                return new PostgresBinaries(configured);
            }

            throw new PostgresBinariesNotFoundException(
                $"The configured PostgreSQL bin folder '{configured}' (Exchange:Postgres:BinDirectory) does not contain " +
                $"{string.Join(", ", RequiredTools)}. {PostgresBinariesNotFoundException.Remedy}")
            {
                SearchedLocations = [configured],
            };
        }

        var searched = new List<string>();
        var fromPgConfig = BinDirectoryFromPgConfig();
        if (fromPgConfig is not null)
        {
            searched.Add(fromPgConfig);
            if (HasAllTools(fromPgConfig))
            {
                return new PostgresBinaries(fromPgConfig);
            }
        }
        else
        {
            searched.Add("pg_config on PATH");
        }

        searched.Add(Path.Combine(DebianRoot, "<version>", "bin"));
        var newest = NewestDebianBinDirectory();
        if (newest is not null)
        {
            return new PostgresBinaries(newest);
        }

        throw new PostgresBinariesNotFoundException(
            $"No PostgreSQL server binaries were found (looked in: {string.Join("; ", searched)}). " +
            PostgresBinariesNotFoundException.Remedy)
        {
            SearchedLocations = searched,
        };
    }

    /// <summary>The major version as PostgreSQL writes it into PG_VERSION ("15", or "9.6" before 10).</summary>
    public async Task<string> GetMajorVersionAsync(CancellationToken cancellationToken)
    {
        // postgres answers --version before its refuse-to-run-as-root check, so no account switch is needed.
        var result = await ToolProcess.RunAsync(Postgres, ["--version"], BinDirectory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException($"'{Postgres} --version' failed (exit code {result.ExitCode}): {result.Output}");
        }

        return ParseMajorVersion(result.Output)
            ?? throw new EmbeddedPostgresException($"Could not read a version from '{Postgres} --version': {result.Output}");
    }

    // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → "15"; "… 9.6.24" → "9.6".
    internal static string? ParseMajorVersion(string versionOutput)
    {
        var marker = versionOutput.IndexOf(')', StringComparison.Ordinal);
        var text = (marker >= 0 ? versionOutput[(marker + 1)..] : versionOutput).Trim();
        var parts = text.Split(' ', 2)[0].Split('.');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }

        return major < 10 && parts.Length > 1 ? $"{parts[0]}.{parts[1]}" : parts[0];
    }

    private string Tool(string name) => Path.Combine(BinDirectory, OperatingSystem.IsWindows() ? name + ".exe" : name);

    private static bool HasAllTools(string directory) =>
        RequiredTools.All(tool => File.Exists(Path.Combine(directory, OperatingSystem.IsWindows() ? tool + ".exe" : tool)));

    private static string? BinDirectoryFromPgConfig()
    {
        var pgConfig = FindOnPath(OperatingSystem.IsWindows() ? "pg_config.exe" : "pg_config");
        if (pgConfig is null)
        {
            return null;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(pgConfig, "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            // A client-only install has pg_config pointing at a folder without the server; that is not fatal here.
            return process.WaitForExit(10_000) && process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? NewestDebianBinDirectory()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(dir => (Dir: dir, Version: Version.TryParse(VersionText(Path.GetFileName(dir)), out var v) ? v : null))
            .Where(x => x.Version is not null && HasAllTools(Path.Combine(x.Dir, "bin")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();

        // Version.TryParse needs at least "major.minor".
        static string VersionText(string name) => name.Contains('.', StringComparison.Ordinal) ? name : name + ".0";
    }

    private static string? FindOnPath(string fileName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, fileName))
            .FirstOrDefault(File.Exists);
    }
}
