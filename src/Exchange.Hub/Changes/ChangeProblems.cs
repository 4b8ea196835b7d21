using System.Globalization;

namespace Exchange.Hub.Changes;

/// <summary>The change feed's request problems, each naming its parameter.</summary>
internal static class ChangeProblems
{
    /// <summary>A cursor the hub did not give this caller for this purpose, or one altered since.</summary>
    public const string CursorInvalid = "changes.cursor-invalid";

    /// <summary>A page size outside 1 to <see cref="ChangeFeed.MaxLimit"/>.</summary>
    public const string LimitOutOfRange = "changes.limit-out-of-range";

    public static ChangeProblemDto Cursor() => new(CursorInvalid, "after",
        "The cursor in after is not one this hub gave you for this purpose; start without after, or use the next cursor of your last page.",
        "after 中的游标不是本平台为你和此用途签发的；请不带 after 从头读取，或使用上一页返回的 next 游标。");

    public static ChangeProblemDto Limit(string given) => new(LimitOutOfRange, "limit",
        string.Create(CultureInfo.InvariantCulture, $"limit '{given}' is not a whole number from 1 to {ChangeFeed.MaxLimit}."),
        string.Create(CultureInfo.InvariantCulture, $"limit “{given}”不是 1 到 {ChangeFeed.MaxLimit} 之间的整数。"));
}
