namespace Exchange.Reporting.Disclosure;

/// <summary>What a primary cell's publication must leave open: its own interval, the rest of its groups, or both.</summary>
public sealed record CellProtection(ProtectionInterval? Value, IReadOnlyList<RestOfGroup> Groups)
{
    public CellProtection Merge(CellProtection other) => new(
        Value is { } value && other.Value is { } otherValue ? value.Widen(otherValue) : Value ?? other.Value,
        [.. Groups.Concat(other.Groups).GroupBy(g => g.GroupTotal).Select(g => g.MaxBy(r => r.AtLeast))]);

    public bool Equals(CellProtection? other) =>
        other is not null && Value == other.Value && Groups.OrderBy(g => g.GroupTotal.Value, StringComparer.Ordinal).SequenceEqual(other.Groups.OrderBy(g => g.GroupTotal.Value, StringComparer.Ordinal));

    public override int GetHashCode() => HashCode.Combine(Value, Groups.Count);

    public override string ToString() => string.Join("; ", new[] { Value?.ToString() }.Concat(Groups.Select(g => g.ToString())).Where(s => s is not null));
}
