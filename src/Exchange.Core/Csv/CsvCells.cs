namespace Exchange.Core.Csv;

/// <summary>
/// A text field of a CSV file a person opens in a spreadsheet program: quoted when RFC 4180 needs
/// it, and never run as a formula.
/// </summary>
public static class CsvCells
{
    /// <summary>The field as written to a CSV line: neutralised, then quoted.</summary>
    public static string Text(string value) => Quote(Neutralise(value));

    /// <summary>
    /// OWASP's CSV injection advice: a cell starting with one of = + - @ tab CR is run as a formula
    /// by Excel, LibreOffice and Google Sheets; a leading apostrophe makes it text. Text that already
    /// starts with an apostrophe gets one more, so that dropping one leading apostrophe always gives
    /// the text back (and a spreadsheet, which hides the first, shows it as it was).
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? "'" + value : value;

    /// <summary>The field in double quotes, its quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
