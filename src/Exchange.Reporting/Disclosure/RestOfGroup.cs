namespace Exchange.Reporting.Disclosure;

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
