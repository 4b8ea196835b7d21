namespace Exchange.Reporting.Disclosure;

/// <summary>
/// The range an attacker must not be able to narrow a sensitive cell within: from everything
/// published, both <see cref="Lower"/> and <see cref="Upper"/> must remain possible values.
/// </summary>
public readonly record struct ProtectionInterval(long Lower, long Upper)
{
    /// <summary>The union of two requirements, for a cell that more than one rule or table makes sensitive.</summary>
    public ProtectionInterval Widen(ProtectionInterval other) => new(Math.Min(Lower, other.Lower), Math.Max(Upper, other.Upper));

    public override string ToString() => $"[{Lower}, {Upper}]";
}

/// <summary>
/// For a group that falls wholly into the cell's category: the rest of the group — the group's
/// total <see cref="GroupTotal"/> minus the cell — must be able to reach <see cref="AtLeast"/>, so
/// the reader cannot tell that nobody in the group is outside the category. Stated on the rest,
/// not on the cell, because hiding the total as well leaves the cell uncertain while the published
/// zeros still give the concentration away.
/// </summary>
public readonly record struct RestOfGroup(CellKey GroupTotal, long AtLeast)
{
    public override string ToString() => $"{GroupTotal} − cell ≥ {AtLeast}";
}

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
