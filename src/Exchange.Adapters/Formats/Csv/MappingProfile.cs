using Exchange.Core.Model;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// How the columns of a CSV export map to a canonical record, kept as a JSON file so that a
/// deployment adds its own without a rebuild. Headers are matched ignoring case and surrounding
/// space.
/// </summary>
public sealed record MappingProfile
{
    /// <summary>The profile's name, unique in its catalog, e.g. <c>graduate</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The record kind the profile produces, e.g. <c>graduate</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The name of a profile whose columns, ignored headers, constants and templates this one starts from.</summary>
    public string? Extends { get; init; }

    /// <summary>What the profile is for.</summary>
    public string? Description { get; init; }

    /// <summary>The columns: every header that may name one, the field it fills and how its text is converted.</summary>
    public IReadOnlyList<ColumnMapping> Columns { get; init; } = [];

    /// <summary>Headers known to the source but deliberately not imported (no <c>csv.unknown-header</c> problem).</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Fields every row gets, by dotted path, e.g. <c>institutionCode</c> for a single-school source.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Fields built from other fields when no column fills them, e.g. <c>recordId</c> =
    /// <c>{institutionCode}-{studentId}</c>; a placeholder names a dotted path.
    /// </summary>
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>();

    /// <summary>The kind as an enum; false when <see cref="Kind"/> names none.</summary>
    public bool TryGetKind(out RecordKind kind) => RecordKinds.TryParse(Kind, out kind);
}

/// <summary>One column of a profile.</summary>
public sealed record ColumnMapping
{
    /// <summary>Headers that name this column: English, Chinese, pinyin codes.</summary>
    public required IReadOnlyList<string> Headers { get; init; }

    /// <summary>The dotted path in the canonical record, e.g. <c>contact.phone</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The converter: <c>text</c> (default), <c>upper</c>, <c>date</c>, <c>integer</c>, <c>list</c> or <c>sex</c>.</summary>
    public string Convert { get; init; } = "text";
}
