using System.Text.Json;
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

    /// <summary>
    /// Fields every row gets, by dotted path, as JSON values of the schema's type: a string
    /// (<c>institutionCode</c> of a single-school source), a number, a boolean or an array.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Constants { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>
    /// Fields computed from another field of the same row when the row leaves them empty, by dotted
    /// path, e.g. <c>cohort</c> = the year of <c>graduationDate</c>.
    /// </summary>
    public IReadOnlyDictionary<string, DerivedField> Derived { get; init; } = new Dictionary<string, DerivedField>();

    /// <summary>
    /// Fields built from other fields when no column fills them, e.g. <c>recordId</c> =
    /// <c>{institutionCode}-{studentId}</c>; a placeholder names a dotted path.
    /// </summary>
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>();

    /// <summary>The kind as an enum; false when <see cref="Kind"/> names none.</summary>
    public bool TryGetKind(out RecordKind kind) => RecordKinds.TryParse(Kind, out kind);
}

/// <summary>One column of a profile: the field it fills (<see cref="Path"/>), or several (<see cref="Targets"/>).</summary>
public sealed record ColumnMapping
{
    /// <summary>Headers that name this column: English, Chinese, pinyin codes.</summary>
    public required IReadOnlyList<string> Headers { get; init; }

    /// <summary>The dotted path in the canonical record, e.g. <c>contact.phone</c>; null when <see cref="Targets"/> names the fields.</summary>
    public string? Path { get; init; }

    /// <summary>The converter of <see cref="Path"/>: <c>text</c> (default), <c>upper</c>, <c>date</c>, <c>integer</c>, <c>list</c>, <c>sex</c> or <c>year</c>.</summary>
    public string Convert { get; init; } = "text";

    /// <summary>Several fields filled from this one column, each through its own converter; instead of <see cref="Path"/>.</summary>
    public IReadOnlyList<ColumnTarget> Targets { get; init; } = [];

    /// <summary>Every field the column fills.</summary>
    public IReadOnlyList<ColumnTarget> Fills =>
        Targets.Count > 0 ? Targets : Path is null ? [] : [new ColumnTarget { Path = Path, Convert = Convert }];
}

/// <summary>A field filled from a column's cell.</summary>
public sealed record ColumnTarget
{
    /// <summary>The dotted path in the canonical record.</summary>
    public required string Path { get; init; }

    /// <summary>The converter that turns the cell into this field's value.</summary>
    public string Convert { get; init; } = "text";
}

/// <summary>A field computed from another field of the row.</summary>
public sealed record DerivedField
{
    /// <summary>The dotted path of the field the value is computed from, e.g. <c>graduationDate</c>.</summary>
    public required string From { get; init; }

    /// <summary>The converter applied to that field's value, e.g. <c>year</c>; <c>text</c> copies it.</summary>
    public string Convert { get; init; } = "text";
}
