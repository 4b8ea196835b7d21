using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Reading;

/// <summary>The file formats a report is read in.</summary>
public enum ReportFormat
{
    Json,
    Csv,
    Html,
}

/// <summary>
/// The writer of each format, and how a request names a format and a language: by name (the
/// query's <c>format</c> and <c>lang</c>, the command's options), else by the HTTP headers
/// <c>Accept</c> and <c>Accept-Language</c>; JSON and Chinese when nothing says otherwise.
/// </summary>
public sealed class ReportFormats(JsonReportWriter json, CsvReportWriter csv, HtmlReportWriter html)
{
    /// <summary>The format names, as the query and the command take them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["json", "csv", "html"];

    /// <summary>The language names, as the query and the command take them.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["zh", "en"];

    public IReportWriter Writer(ReportFormat format) => format switch
    {
        ReportFormat.Csv => csv,
        ReportFormat.Html => html,
        _ => json,
    };

    /// <summary>A format by name (<c>json</c>, <c>csv</c>, <c>html</c>, any case); false for another name.</summary>
    public static bool TryParseFormat(string? name, out ReportFormat format)
    {
        format = ReportFormat.Json;
        switch (name?.Trim().ToLowerInvariant())
        {
            case "json":
                return true;
            case "csv":
                format = ReportFormat.Csv;
                return true;
            case "html":
                format = ReportFormat.Html;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A language by name (<c>zh</c>, <c>en</c>, or a tag such as <c>zh-CN</c>, <c>en-GB</c>); false for another.</summary>
    public static bool TryParseLanguage(string? name, out ReportLanguage language)
    {
        language = ReportLanguage.Zh;
        var primary = name?.Trim().Split('-', '_')[0].ToLowerInvariant();
        if (primary == "zh")
            return true;
        if (primary != "en")
            return false;
        language = ReportLanguage.En;
        return true;
    }

    /// <summary>
    /// The format an <c>Accept</c> header prefers among JSON, CSV and HTML, by quality and then by
    /// order; JSON when it names none of them (or <c>*/*</c>).
    /// </summary>
    public static ReportFormat FromAccept(IEnumerable<(string MediaType, double Quality)> accepted)
    {
        foreach (var (mediaType, _) in accepted.Where(a => a.Quality > 0).OrderByDescending(a => a.Quality))
        {
            switch (mediaType.ToLowerInvariant())
            {
                case "application/json":
                    return ReportFormat.Json;
                case "text/csv":
                    return ReportFormat.Csv;
                case "text/html":
                    return ReportFormat.Html;
            }
        }
        return ReportFormat.Json;
    }

    /// <summary>The language an <c>Accept-Language</c> header prefers between Chinese and English; Chinese when it names neither.</summary>
    public static ReportLanguage FromAcceptLanguage(IEnumerable<(string Tag, double Quality)> accepted)
    {
        foreach (var (tag, _) in accepted.Where(a => a.Quality > 0).OrderByDescending(a => a.Quality))
        {
            if (TryParseLanguage(tag, out var language))
                return language;
        }
        return ReportLanguage.Zh;
    }

    /// <summary>The file name a report is saved as: its name, cohort and region, e.g. <c>outcomes-2026-410000.csv</c>.</summary>
    public static string FileName(ReportDocument document, IReportWriter writer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(writer);
        var parts = new List<string> { document.Name };
        foreach (var key in new[] { "cohort", "region" })
        {
            if (document.Parameters.TryGetValue(key, out var value))
                parts.Add(value);
        }
        return string.Join('-', parts) + "." + writer.FileExtension;
    }

    /// <summary>The language's tag, as a <c>Content-Language</c> header carries it.</summary>
    public static string Tag(ReportLanguage language) => language == ReportLanguage.En ? "en" : "zh-CN";
}
