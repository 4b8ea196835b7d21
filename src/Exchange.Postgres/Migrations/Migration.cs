using System.Security.Cryptography;
using System.Text;

namespace Exchange.Postgres.Migrations;

/// <summary>One numbered SQL script; applied once, then pinned by its checksum.</summary>
public sealed class Migration
{
    public Migration(int version, string name, string sql)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Version = version;
        Name = name;
        Sql = sql;
        Checksum = ComputeChecksum(sql);
    }

    public int Version { get; }

    public string Name { get; }

    public string Sql { get; }

    /// <summary>Lower-case hex SHA-256 of the script with line endings normalised.</summary>
    public string Checksum { get; }

    public override string ToString() => $"{Version:D4}_{Name}";

    // A checkout on Windows turns LF into CRLF; that must not look like an edited migration.
    private static string ComputeChecksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
}
