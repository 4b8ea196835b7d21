using System.Text.Json.Serialization;

namespace Exchange.Core.Codes;

/// <summary>One code of a code list, for one period of use.</summary>
public sealed record CodeEntry
{
    /// <summary>The code as it appears in records.</summary>
    public required string Code { get; init; }

    /// <summary>The official Chinese name.</summary>
    public required string Zh { get; init; }

    /// <summary>An English name, where the list gives one.</summary>
    public string? En { get; init; }

    /// <summary>The code of the entry one level up, when the list is hierarchical.</summary>
    public string? Parent { get; init; }

    /// <summary>The hierarchy level name, e.g. province, prefecture or county.</summary>
    public string? Level { get; init; }

    /// <summary>First year the code was in use, when known.</summary>
    public int? Introduced { get; init; }

    /// <summary>First year the code was no longer in use; null while it is in use.</summary>
    public int? Retired { get; init; }

    /// <summary>True for categories that are sensitive personal information.</summary>
    public bool Sensitive { get; init; }

    /// <summary>What a record with this code must carry as evidence, when the list says so.</summary>
    public string? Evidence { get; init; }

    /// <summary>Equivalent codes in other classifications, keyed by classification name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Crosswalk { get; init; }

    /// <summary>A note on the entry's provenance or doubts.</summary>
    public string? Note { get; init; }

    /// <summary>True when the code was in use on the given day.</summary>
    public bool InUseOn(DateOnly day) =>
        (Introduced is null || day.Year >= Introduced) && (Retired is null || day.Year < Retired);

    /// <summary>True when the code is in use now.</summary>
    [JsonIgnore]
    public bool IsCurrent => Retired is null;
}
