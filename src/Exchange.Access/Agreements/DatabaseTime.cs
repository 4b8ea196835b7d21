namespace Exchange.Access.Agreements;

/// <summary>PostgreSQL keeps microseconds; .NET keeps 100 ns ticks.</summary>
internal static class DatabaseTime
{
    /// <summary>Truncates to whole microseconds in UTC, so a value reads back equal to what was written.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }
}
