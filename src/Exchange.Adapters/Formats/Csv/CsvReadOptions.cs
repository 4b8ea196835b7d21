using Exchange.Core.Model;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>How to read one CSV file.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The kind of record the rows are.</summary>
    public required RecordKind Kind { get; init; }

    /// <summary>The mapping profile to use; null picks the profile of the kind that recognises the most headers.</summary>
    public string? Profile { get; init; }

    /// <summary>The charset the sender declared (e.g. <c>GBK</c>); null detects UTF-8, else GB18030.</summary>
    public string? Charset { get; init; }

    /// <summary>Fields every row gets on top of the profile's constants, e.g. <c>institutionCode</c> of the sending school.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>Largest file read, in bytes.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;
}
