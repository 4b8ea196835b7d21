namespace Exchange.Index.Resolution.Features;

/// <summary>A record's normalised fields, pinyin forms and linkage key: computed once, compared many times.</summary>
public sealed class RecordFeatures
{
    internal RecordFeatures(string id, int source, long linkageKey, FieldValue?[] fields)
    {
        Id = id;
        Source = source;
        LinkageKey = linkageKey;
        Fields = fields;
    }

    public string Id { get; }

    public int Source { get; }

    /// <summary>Hash of the pseudonymous linkage key, or 0 when the record has none.</summary>
    public long LinkageKey { get; }

    internal FieldValue?[] Fields { get; }

    /// <summary>A field's features by its position in the settings, or null when the record has no value.</summary>
    public FieldValue? this[int field] => Fields[field];
}
