namespace Exchange.Reporting.Disclosure;

/// <summary>
/// A table with the decision for every cell. It still holds the true counts, because protecting a
/// later table for the same bureau and auditing both need them; what leaves the hub is
/// <see cref="ToPublication"/>, which holds no suppressed count.
/// </summary>
public sealed class ProtectedTable
{
    private readonly CellStatus[] _statuses;
    private readonly PrimaryReasons[] _reasons;
    private readonly CellProtection?[] _required;

    /// <summary>
    /// A table with its decisions as given: <paramref name="required"/> holds each primary cell's
    /// protection interval and null elsewhere. The engine builds these; building one by hand serves
    /// auditing a publication decided elsewhere.
    /// </summary>
    public ProtectedTable(CountTable table, IReadOnlyList<CellStatus> statuses, IReadOnlyList<PrimaryReasons> reasons, IReadOnlyList<CellProtection?> required)
    {
        var where = $"table '{table.Name}'";
        if (statuses.Count != table.CellCount || reasons.Count != table.CellCount || required.Count != table.CellCount)
            throw new DisclosureInputException([new(DisclosureProblem.Codes.MalformedPublication, where, $"statuses, reasons and intervals must each hold {table.CellCount} cells")]);
        for (var cell = 0; cell < table.CellCount; cell++)
        {
            if ((statuses[cell] == CellStatus.Primary) != (required[cell] is not null))
                throw new DisclosureInputException([new(DisclosureProblem.Codes.MalformedPublication, $"{where}, cell ({string.Join(", ", table.CoordinatesOf(cell))})", "a primary cell, and only a primary cell, has a protection interval")]);
        }
        Table = table;
        _statuses = [.. statuses];
        _reasons = [.. reasons];
        _required = [.. required];
    }

    public CountTable Table { get; }

    public CellStatus StatusAt(int cell) => _statuses[cell];

    public CellStatus StatusOf(params string[] coordinates) => _statuses[Table.CellOf(coordinates)];

    public PrimaryReasons ReasonsAt(int cell) => _reasons[cell];

    public CellProtection? RequiredAt(int cell) => _required[cell];

    public int Count(CellStatus status) => _statuses.Count(s => s == status);

    /// <summary>The publication: every cell with its status, and its count only where published.</summary>
    public PublishedTable ToPublication() => new(
        Table.Name,
        [.. Table.Dimensions.Select(d => d.Name)],
        [.. Enumerable.Range(0, Table.CellCount).Select(cell => new PublishedCell(
            Table.CoordinatesOf(cell),
            Table.KeyOf(cell),
            _statuses[cell],
            _statuses[cell] == CellStatus.Published ? Table.CountAt(cell) : null,
            _reasons[cell]))]);
}
