using Npgsql;

namespace Exchange.Postgres;

/// <summary>
/// The one data source of the hub's database, shared by every part: its search path lists each
/// part's schema, so a part's plain table names resolve to its own schema.
/// </summary>
public static class ExchangeDatabase
{
    /// <summary>
    /// A data source on <paramref name="connectionString"/> whose search path is the schemas of
    /// <paramref name="parts"/> in order, then <c>public</c>.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, IEnumerable<PartSchema> parts)
    {
        var schemas = parts.Select(p => p.Name).Append("public").Distinct(StringComparer.Ordinal);
        return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = string.Join(',', schemas) }.ConnectionString);
    }
}
