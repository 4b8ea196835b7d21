namespace Exchange.Access.Agreements;

/// <summary>
/// Turns an instant into the calendar day agreements and consents are judged on. Their validity
/// periods are Chinese calendar dates, so the day is taken in China Standard Time (UTC+8, no
/// daylight saving), whatever the server's own time zone is.
/// </summary>
public static class PolicyCalendar
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>The calendar day in China Standard Time at <paramref name="at"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaStandardTime).DateTime);
}
