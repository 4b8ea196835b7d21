namespace Exchange.Reporting.Disclosure;

/// <summary>
/// What a writer (JSON, CSV, HTML) renders. A suppressed cell is marked, never zeroed: its
/// <see cref="PublishedCell.Value"/> is null and its status says why.
/// </summary>
public sealed record PublishedTable(string Name, IReadOnlyList<string> Dimensions, IReadOnlyList<PublishedCell> Cells);

/// <summary>
/// One cell of a publication. <see cref="Reasons"/> serves the bureau's statistician; a writer
/// for readers outside the bureau should show primary and secondary cells alike, because "small
/// count" itself tells a reader the value lies between 1 and the threshold − 1.
/// </summary>
public sealed record PublishedCell(IReadOnlyList<string> Coordinates, CellKey Key, CellStatus Status, long? Value, PrimaryReasons Reasons);
