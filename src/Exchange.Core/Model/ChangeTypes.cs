namespace Exchange.Core.Model;

/// <summary>The change feed's event types, as subscribers see them (docs/read-api.md, "Change feed").</summary>
public static class ChangeTypes
{
    /// <summary>The first version of a source record entered the index.</summary>
    public const string RecordCreated = "record.created";

    /// <summary>A newer version of a source record replaced the one in force.</summary>
    public const string RecordUpdated = "record.updated";

    /// <summary>The index no longer holds the record.</summary>
    public const string RecordDeleted = "record.deleted";

    /// <summary>The subject's sensitive fields were purged on a withdrawal: forget your copies.</summary>
    public const string SubjectErased = "subject.erased";

    /// <summary>Two subjects turned out to be one: from one handle to another.</summary>
    public const string SubjectMerged = "subject.merged";

    /// <summary>A record was split off a subject into a subject of its own.</summary>
    public const string SubjectSplit = "subject.split";

    /// <summary>A consent the subscriber relied on was withdrawn.</summary>
    public const string ConsentWithdrawn = "consent.withdrawn";

    /// <summary>Every type, in the order docs/read-api.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [RecordCreated, RecordUpdated, RecordDeleted, SubjectErased, SubjectMerged, SubjectSplit, ConsentWithdrawn];

    /// <summary>True for types that carry a record's data; the others are notices that carry handles only.</summary>
    public static bool CarriesData(string type) => type is RecordCreated or RecordUpdated;
}
