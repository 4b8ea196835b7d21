using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;
using Npgsql;

namespace Exchange.Reporting.Statistics;

/// <summary>One report of the evaluation system: what it needs released, and how it computes its protected tables.</summary>
internal interface IStatisticsReport
{
    string Name { get; }

    LocalText Title { get; }

    /// <summary>The data categories its figures are computed from; the agreement must name every one.</summary>
    IReadOnlySet<DataCategory> Categories { get; }

    Task<ReportBody> ComputeAsync(ReportContext context, CancellationToken cancellationToken);
}

/// <summary>
/// What a report computes from: one connection and one repeatable-read transaction, so that every
/// query of the report sees the same index and so the same <c>population</c>; the selection;
/// and the disclosure rules.
/// </summary>
/// <param name="Earlier">Tables this organisation was published over the same index state and population: protected together with the new ones.</param>
internal sealed record ReportContext(
    NpgsqlConnection Connection, NpgsqlTransaction Transaction, Population Population, ReportParameters Parameters, DisclosureRules Rules, ReportOptions Options,
    IReadOnlyList<ProtectedTable> Earlier)
{
    /// <summary>The tables this report publishes, to be remembered once it is delivered.</summary>
    public List<ProtectedTable> Published { get; } = [];

    /// <summary>
    /// Runs a query over <c>population</c> and the index, with the population's parameters and any
    /// more. The query should name <c>population</c> once: PostgreSQL materialises a common table
    /// expression named twice, and no parallel worker can read a materialised one.
    /// </summary>
    public async Task ReadAsync(string sql, Action<NpgsqlParameterCollection>? bind, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Population.Within(sql), Connection, Transaction) { CommandTimeout = (int)Options.QueryTimeout.TotalSeconds };
        Population.Bind(command);
        bind?.Invoke(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            row(reader);
    }

    /// <summary>A table of this report over <paramref name="axes"/>, scoped to the report's selection.</summary>
    public CrossTab Table(string name, params Axis[] axes) => Table(name, [], axes);

    /// <summary>
    /// A table over part of the population: <paramref name="within"/> names the part as the node of
    /// another report's axis (the group <c>disadvantaged</c>, say), so that its totals are the same
    /// figures as that node's in a report over everyone.
    /// </summary>
    public CrossTab Table(string name, IReadOnlyList<(string Dimension, string Code)> within, params Axis[] axes)
    {
        var scope = new List<Dimension> { Dimension.Flat("selection", DimensionRole.Grouping, Population.SelectionCode(Parameters.Formula), []) };
        scope.AddRange(within.Select(w => Dimension.Flat(w.Dimension, DimensionRole.Grouping, w.Code, [])));
        if (Population.Region is { } region && axes.All(a => a.Name != Regions.Name))
            scope.Add(Dimension.Flat(Regions.Name, DimensionRole.Grouping, region, []));
        return new CrossTab(name, scope, axes);
    }

    /// <summary>Protects linked tables together and counts what they hide.</summary>
    public ProtectedTables Protect(params CrossTab[] tables)
    {
        var result = TableProtector.Protect([.. tables.Select(t => t.ToCountTable())], Rules, Earlier);
        Published.AddRange(result.Tables);
        return new ProtectedTables(result);
    }
}

/// <summary>Protected tables, by name, with how many cells they hide and show.</summary>
internal sealed class ProtectedTables(ProtectionResult result)
{
    public ProtectedTable this[string name] => result.Tables.Single(t => t.Table.Name == name);

    public int Suppressed => result.Tables.Sum(t => t.Count(CellStatus.Primary) + t.Count(CellStatus.Secondary));

    public int Published => result.Tables.Sum(t => t.Count(CellStatus.Published));
}

/// <summary>What a report computed: its tables, flags and caveats, and the cells its tables hide and show.</summary>
internal sealed record ReportBody(IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportFlag> Flags, IReadOnlyList<LocalText> Notes, int Suppressed, int Published);
