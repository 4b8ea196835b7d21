namespace Exchange.Reporting.Disclosure;

/// <summary>What a publication shows for a cell.</summary>
public enum CellStatus
{
    /// <summary>The count is shown.</summary>
    Published,

    /// <summary>Suppressed because the cell is sensitive itself (see <see cref="PrimaryReasons"/>).</summary>
    Primary,

    /// <summary>Suppressed so that a primary cell cannot be worked out from the published cells.</summary>
    Secondary,
}
