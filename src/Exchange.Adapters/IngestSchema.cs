using System.Reflection;
using Exchange.Postgres;

namespace Exchange.Adapters;

/// <summary>
/// The PostgreSQL schema the adapters own: the duplicate registry and the pull checkpoints. Give
/// <see cref="Ingest.DuplicateRegistry"/> and <see cref="Pull.CheckpointStore"/> a data source whose
/// <c>Search Path</c> is <see cref="Name"/>, migrated with the migrations in <see cref="MigrationsAssembly"/>.
/// </summary>
public static class IngestSchema
{
    /// <summary>The schema name.</summary>
    public const string Name = "ingest";

    /// <summary>The assembly whose embedded <c>Migrations/NNNN_name.sql</c> create the tables.</summary>
    public static Assembly MigrationsAssembly => typeof(IngestSchema).Assembly;

    /// <summary>The schema and its migrations, for the database's one data source.</summary>
    public static PartSchema Part { get; } = new(Name, MigrationsAssembly);
}
