using System.Text;

namespace Exchange.Core.Validation;

/// <summary>Builds RFC 6901 JSON pointers from the path notations of the libraries underneath.</summary>
internal static class JsonPointer
{
    /// <summary>
    /// Converts a dotted path with indexers (Newtonsoft's <c>contact.email</c>, <c>skills[0]</c>;
    /// FluentValidation's <c>Contact.Email</c>) to <c>/contact/email</c>, <c>/skills/0</c>,
    /// camel-casing names as the published JSON does.
    /// </summary>
    public static string FromPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "";
        var pointer = new StringBuilder(path.Length + 4);
        var segment = new StringBuilder();
        void Flush()
        {
            if (segment.Length == 0)
                return;
            pointer.Append('/');
            var text = segment.ToString();
            pointer.Append(char.ToLowerInvariant(text[0])).Append(Escape(text.AsSpan(1)));
            segment.Clear();
        }
        foreach (var c in path)
        {
            switch (c)
            {
                case '.':
                    Flush();
                    break;
                case '[':
                    Flush();
                    break;
                case ']':
                    Flush();
                    break;
                case '\'':
                    break;
                default:
                    segment.Append(c);
                    break;
            }
        }
        Flush();
        return pointer.ToString();
    }

    public static string Append(string pointer, string name) => $"{pointer}/{Escape(name)}";

    private static string Escape(ReadOnlySpan<char> name) => name.ToString().Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
