namespace Exchange.Index.Resolution.Features;

/// <summary>
/// A record as the engine receives it: an id unique among the records resolved together, the source
/// it came from (for <c>link</c>), and one raw value per field of the settings, in their order
/// (<see cref="Settings.ResolutionSchema.FieldNames"/>); null where the record has no value.
/// </summary>
public sealed record InputRecord(string Id, int Source, IReadOnlyList<string?> Values);

/// <summary>Values of fields read from several columns.</summary>
public static class FieldColumns
{
    /// <summary>The columns' values as one field value (institution and student id), or null when any is missing.</summary>
    public static string? Join(IReadOnlyList<string?> parts)
    {
        if (parts.Count == 1)
            return parts[0];
        foreach (var part in parts)
        {
            if (string.IsNullOrWhiteSpace(part))
                return null;
        }
        return string.Join('\u001F', parts.Select(p => p!.Trim()));
    }
}
