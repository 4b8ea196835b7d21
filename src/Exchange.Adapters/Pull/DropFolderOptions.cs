using Exchange.Core.Model;

namespace Exchange.Adapters.Pull;

/// <summary>One drop folder: CSV files a source leaves for the hub.</summary>
public sealed record DropFolderOptions
{
    /// <summary>The instance's name, unique in the hub.</summary>
    public required string Name { get; init; }

    /// <summary>The folder watched; <c>processed/</c> and <c>failed/</c> are created inside it.</summary>
    public required string Folder { get; init; }

    /// <summary>The sending organisation's unified social credit code.</summary>
    public required string SourceOrganisation { get; init; }

    /// <summary>The kind of record the rows are.</summary>
    public RecordKind Kind { get; init; } = RecordKind.Graduate;

    /// <summary>The mapping profile; null picks the best match per file.</summary>
    public string? Profile { get; init; }

    /// <summary>The charset the source writes; null detects UTF-8, else GB18030.</summary>
    public string? Charset { get; init; }

    /// <summary>Fields every row gets, e.g. the school's <c>institutionCode</c>.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>File name pattern picked up.</summary>
    public string Pattern { get; init; } = "*.csv";
}
