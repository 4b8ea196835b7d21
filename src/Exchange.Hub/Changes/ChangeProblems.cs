using System.Globalization;

namespace Exchange.Hub.Changes;

/// <summary>The change feed's request problems, each naming its parameter.</summary>
internal static class ChangeProblems
{
    /// <summary>A cursor the hub did not give this caller for this purpose, or one altered since.</summary>
    public const string CursorInvalid = "changes.cursor-invalid";

    /// <summary>A page size outside 1 to <see cref="ChangeFeed.MaxLimit"/>.</summary>
    public const string LimitOutOfRange = "changes.limit-out-of-range";

    /// <summary>A parameter the feed does not take: refused rather than ignored, since a feed that ignored a misnamed cursor would start again at every page.</summary>
    public const string UnknownParameter = "changes.unknown-parameter";

    /// <summary>The parameters the feed takes.</summary>
    public static readonly string[] Parameters = ["purpose", "after", "limit"];

    public static ChangeProblemDto Unknown(string given) => new(UnknownParameter, given,
        $"{given} is not a parameter of the change feed; it takes {string.Join(", ", Parameters)} (the next cursor of your last page goes in after).",
        $"{given} 不是变更订阅的参数；可用参数：{string.Join(", ", Parameters)}（上一页返回的 next 游标放在 after 中）。");

    public static ChangeProblemDto Cursor() => new(CursorInvalid, "after",
        "The cursor in after is not one this hub gave you for this purpose; start without after, or use the next cursor of your last page.",
        "after 中的游标不是本平台为你和此用途签发的；请不带 after 从头读取，或使用上一页返回的 next 游标。");

    public static ChangeProblemDto Limit(string given) => new(LimitOutOfRange, "limit",
        string.Create(CultureInfo.InvariantCulture, $"limit '{given}' is not a whole number from 1 to {ChangeFeed.MaxLimit}."),
        string.Create(CultureInfo.InvariantCulture, $"limit “{given}”不是 1 到 {ChangeFeed.MaxLimit} 之间的整数。"));
}
