using System.Text.Json.Nodes;

namespace Exchange.Index.Merging;

/// <summary>
/// The sensitive personal information (PIPL art. 28) the merged index holds, per record kind and
/// data category: health, which includes disability, and the "specific identity" of being a
/// hardship case, whether certified by a bureau or flagged by a university. This is the one list
/// an erasure on withdrawal purges (docs/merged-index.md, "Erase on withdrawal"); identity,
/// education and contact fields, and everything the index links records by, stay.
/// </summary>
internal static class SensitiveFields
{
    /// <summary>The data category of hardship status and types.</summary>
    public const string Hardship = "hardship";

    /// <summary>The data category of disability.</summary>
    public const string Disability = "disability";

    /// <summary>The certification type of a disability certification; every other type is a hardship status.</summary>
    private const string DisabilityCertificationType = "disability";

    /// <summary>The property a purged certification keeps: the sender's record id, which identifies its versions.</summary>
    private const string RecordId = "recordId";

    // A graduate record's sensitive fields are a university's hardship flags and the accommodations asked for.
    private static readonly (string Category, string Property)[] GraduateFields = [(Hardship, "hardshipFlags"), (Disability, "accommodationNeeds")];

    /// <summary>True for the kinds of record that hold sensitive fields.</summary>
    public static bool CanHold(string kind) => kind is "graduate" or "certification";

    /// <summary>
    /// Removes from <paramref name="record"/> the fields of the <paramref name="categories"/> to
    /// erase. A certification is sensitive as a whole, being the certified status itself: one of an
    /// erased category keeps only its record id, and <see cref="PurgeResult.Whole"/> says it no
    /// longer stands as a record in force.
    /// </summary>
    public static PurgeResult Purge(string kind, JsonObject record, IReadOnlySet<string> categories)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(categories);
        switch (kind)
        {
            case "graduate":
                var removed = false;
                foreach (var (category, property) in GraduateFields)
                    removed |= categories.Contains(category) && record.Remove(property);
                return removed ? PurgeResult.Fields : PurgeResult.Unchanged;
            case "certification":
                if (record.Count == 1 && record.ContainsKey(RecordId))
                    return PurgeResult.Whole;
                if (!categories.Contains(CertificationCategory(record)))
                    return PurgeResult.Unchanged;
                foreach (var property in record.Select(p => p.Key).Where(p => p != RecordId).ToList())
                    record.Remove(property);
                return PurgeResult.Whole;
            default:
                return PurgeResult.Unchanged;
        }
    }

    private static string CertificationCategory(JsonObject certification) =>
        certification["certificationType"] is JsonValue type && type.TryGetValue<string>(out var name) && name == DisabilityCertificationType ? Disability : Hardship;
}

/// <summary>What purging a record did.</summary>
internal enum PurgeResult
{
    /// <summary>It held none of the fields to erase.</summary>
    Unchanged,
    /// <summary>Sensitive fields were removed; the rest of the record stands.</summary>
    Fields,
    /// <summary>The record was sensitive as a whole and is reduced to its record id (or already was).</summary>
    Whole,
}
