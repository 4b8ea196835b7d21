using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Exchange.Hub.Search;

/// <summary>
/// The opaque cursor of a search: where the next page starts (the last key the previous page read,
/// a subject id or a job id) and which search it belongs to, base64url-encoded. A cursor of one
/// search given to the other is refused as malformed.
/// </summary>
internal static class SearchCursor
{
    public const string Graduates = "g";
    public const string Vacancies = "v";

    public static string Encode(string search, long after) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{search}1.{after.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecode(string search, string cursor, out long after)
    {
        after = 0;
        if (cursor.Length is 0 or > 64 || !Base64Url.IsValid(cursor))
            return false;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        var prefix = search + "1.";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out after)
            && after > 0;
    }
}
