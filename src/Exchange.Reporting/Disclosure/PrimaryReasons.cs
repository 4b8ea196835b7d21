namespace Exchange.Reporting.Disclosure;

/// <summary>Why a cell is sensitive in itself; a cell can meet both rules.</summary>
[Flags]
public enum PrimaryReasons
{
    None = 0,

    /// <summary>The cell counts between 1 and the threshold − 1 people.</summary>
    SmallCount = 1,

    /// <summary>The cell is a whole group falling into one attribute category: its siblings are all zero.</summary>
    GroupDisclosure = 2,
}
