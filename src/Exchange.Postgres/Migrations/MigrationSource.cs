using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Exchange.Postgres.Migrations;

/// <summary>Loads migrations named <c>NNNN_name.sql</c> from embedded resources or a folder.</summary>
public static partial class MigrationSource
{
    /// <summary>Resources whose name ends in <c>.Migrations.NNNN_name.sql</c>.</summary>
    public static IReadOnlyList<Migration> FromAssembly(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(Create(match, reader.ReadToEnd()));
        }

        return Ordered(migrations);
    }

    /// <summary>Every <c>*.sql</c> file in the folder; one not named <c>NNNN_name.sql</c> is an error, not silently skipped.</summary>
    public static IReadOnlyList<Migration> FromDirectory(string directory)
    {
        var migrations = new List<Migration>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            var match = FileName().Match(Path.GetFileName(path));
            if (!match.Success)
            {
                throw new MigrationException(
                    $"Migration file '{path}' is not named NNNN_name.sql (a version number, an underscore, a name).");
            }

            migrations.Add(Create(match, File.ReadAllText(path)));
        }

        return Ordered(migrations);
    }

    private static Migration Create(Match match, string sql) => new(
        int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
        match.Groups["name"].Value,
        sql);

    private static List<Migration> Ordered(List<Migration> migrations) => [.. migrations.OrderBy(m => m.Version)];

    [GeneratedRegex(@"^(?<version>[0-9]{1,9})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@"\.Migrations\.(?<version>[0-9]{1,9})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
