using System.Globalization;
using System.Net;
using System.Text;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>
/// Writes a report as one standalone HTML5 page, for screen and print: flags first, then what the
/// figures rest on, then each table with its chart. Hidden values show a marker explained under the
/// table; charts are inline SVG drawn by ScottPlot, and the table beside each chart is the reference.
/// Every piece of text from the document is HTML-encoded. Described in docs/report-formats.md.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string MediaType => "text/html; charset=utf-8";

    public string FileExtension => "html";

    public async Task WriteAsync(ReportDocument document, Stream output, ReportLanguage language = ReportLanguage.Zh, CancellationToken cancellationToken = default)
    {
        ReportValidation.Validate(document);
        ArgumentNullException.ThrowIfNull(output);

        var page = new Page(language);
        page.Write(document, cancellationToken);
        await output.WriteAsync(Utf8.GetBytes(page.ToString()), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The report's body alone — flags, what the figures rest on, and each table with its chart —
    /// for a page that has its own document, heading and stylesheet. Headings start at <c>h2</c>, and
    /// every id starts with <c>t</c> and a number, <c>flags-</c> or <c>about-</c>. The standalone page
    /// wraps exactly this in its <c>main</c>.
    /// </summary>
    /// <param name="markTitles">
    /// False to mark a hidden cell by its sign and a class (<c>mark</c>) alone, without the title that
    /// repeats the legend in every cell: a table of a small population hides hundreds of cells, and a
    /// page that must stay light cannot carry the same sentence in each.
    /// </param>
    public string WriteFragment(ReportDocument document, ReportLanguage language = ReportLanguage.Zh, bool markTitles = true, CancellationToken cancellationToken = default)
    {
        ReportValidation.Validate(document);
        var page = new Page(language, markTitles);
        page.WriteBody(document, cancellationToken);
        return page.ToString();
    }

    private sealed class Page(ReportLanguage language, bool markTitles = true)
    {
        private readonly StringBuilder html = new();
        private readonly CultureInfo culture = ReportNumbers.Culture(language);

        public override string ToString() => html.ToString();

        public void Write(ReportDocument document, CancellationToken cancellationToken)
        {
            var title = document.Title.In(language);
            Line("<!DOCTYPE html>");
            Line($"<html lang=\"{ReportNumbers.LanguageTag(language)}\">");
            Line("<head>");
            Line("<meta charset=\"utf-8\">");
            Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            Line($"<title>{E(title)}</title>");
            Line("<style>");
            Line(ReportPageStyle.Css);
            Line("</style>");
            Line("</head>");
            Line("<body>");
            Line("<header>");
            Line($"<h1>{E(title)}</h1>");
            var colon = ReportText.Colon.In(language);
            Line($"<p class=\"meta\">{E(ReportText.ReportName.In(language) + colon)}<code>{E(document.Name)}</code> · {E(ReportText.ComputedAt.In(language) + colon)}<time datetime=\"{E(ReportText.Timestamp(document.ComputedAt))}\">{E(ReportText.Timestamp(document.ComputedAt))}</time></p>");
            Line("</header>");
            Line("<main>");
            WriteBody(document, cancellationToken);
            Line("</main>");
            Line("</body>");
            Line("</html>");
        }

        public void WriteBody(ReportDocument document, CancellationToken cancellationToken)
        {
            WriteFlags(document.Flags);
            WriteSummary(document);
            for (var t = 0; t < document.Tables.Count; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteTable(document.Tables[t], t + 1);
            }
        }

        private void WriteFlags(IReadOnlyList<ReportFlag> flags)
        {
            if (flags.Count == 0)
                return;
            Line("<aside class=\"flags\" role=\"note\" aria-labelledby=\"flags-heading\">");
            Line($"<h2 id=\"flags-heading\">{E(ReportText.Attention.In(language))}</h2>");
            Line("<ul>");
            foreach (var flag in flags)
                Line($"<li><strong>{E(flag.Text.In(language))}</strong> <span class=\"flag-code\">{E(flag.Code)}</span></li>");
            Line("</ul>");
            Line("</aside>");
        }

        private void WriteSummary(ReportDocument document)
        {
            Line("<section class=\"about\" aria-labelledby=\"about-heading\">");
            Line($"<h2 id=\"about-heading\">{E(ReportText.About.In(language))}</h2>");
            Line("<dl class=\"summary\">");
            if (document.Parameters.Count > 0)
            {
                Line($"<dt>{E(ReportText.Parameters.In(language))}</dt>");
                Line("<dd><ul>");
                foreach (var (key, value) in document.Parameters)
                    Line($"<li><code>{E(key)}</code> = {E(value)}</li>");
                Line("</ul></dd>");
            }

            var basis = document.Basis;
            Line($"<dt>{E(ReportText.SubjectsCounted.In(language))}</dt><dd class=\"count\">{E(basis.SubjectsCounted.ToString("N0", culture))}</dd>");
            Line($"<dt>{E(ReportText.SubjectsLeftOut.In(language))}</dt><dd class=\"count\">{E(basis.SubjectsLeftOut.ToString("N0", culture))}</dd>");
            if (basis.Providers.Count > 0)
            {
                Line($"<dt>{E(ReportText.Providers.In(language))}</dt>");
                Line("<dd><ul>");
                foreach (var provider in basis.Providers)
                {
                    var who = provider.Provider == "*" ? ReportText.AnyProvider.In(language) : provider.Provider;
                    Line($"<li>{E(who + ReportText.Colon.In(language) + BasisName(provider.Basis))} ({E(ReportText.Agreement.In(language))} <code>{E(provider.Agreement.ToString("D"))}</code>)</li>");
                }
                Line("</ul></dd>");
            }

            Line($"<dt>{E(ReportText.Disclosure.In(language))}</dt><dd>{E(ReportText.DisclosureSummary(document.Disclosure, language))}</dd>");
            if (document.Notes.Count > 0)
            {
                Line($"<dt>{E(ReportText.Notes.In(language))}</dt>");
                Line("<dd><ul>");
                foreach (var note in document.Notes)
                    Line($"<li>{E(note.In(language))}</li>");
                Line("</ul></dd>");
            }
            Line("</dl>");
            Line("</section>");
        }

        private string BasisName(string basis) => basis switch
        {
            "statutory-duty" => ReportText.StatutoryDuty.In(language),
            "consent" => ReportText.Consent.In(language),
            _ => basis,
        };

        private void WriteTable(ReportTable table, int number)
        {
            var id = "t" + number.ToString(CultureInfo.InvariantCulture);
            var title = table.Title.In(language);
            Line($"<section class=\"report-table\" id=\"{id}\" aria-labelledby=\"{id}-heading\">");
            Line($"<h2 id=\"{id}-heading\">{E(title)}</h2>");
            if (table.Chart is { } chart && BarChartData.From(table, chart) is { } bars)
                WriteChart(chart, bars, id + "-chart");

            // A wide table scrolls within its own box, which the keyboard can reach, rather than the page.
            Line($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}-heading\">");
            Line("<table>");
            Line($"<caption>{E(title)}</caption>");
            Line("<thead><tr>");
            foreach (var dimension in table.Dimensions)
                Line($"<th scope=\"col\">{E(dimension.Label.In(language))}</th>");
            foreach (var measure in table.Measures)
                Line($"<th scope=\"col\" class=\"num\">{E(measure.Label.In(language))}</th>");
            Line("</tr></thead>");
            Line("<tbody>");
            var suppressed = false;
            var notApplicable = false;
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                foreach (var category in row.Categories)
                {
                    var total = category.Depth == 0 ? " class=\"total\"" : string.Empty;
                    html.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\"{total} style=\"--depth: {category.Depth}\">{E(category.Label.In(language))}</th>");
                }
                for (var m = 0; m < table.Measures.Count; m++)
                {
                    var value = row.Values[m];
                    suppressed |= value.Status == ValueStatus.Suppressed;
                    notApplicable |= value.Status == ValueStatus.NotApplicable;
                    var mark = !markTitles && value.Status != ValueStatus.Shown ? " mark" : string.Empty;
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"num{mark}\">{Cell(value, table.Measures[m].Unit)}</td>");
                }
                Line("</tr>");
            }
            Line("</tbody>");
            Line("</table>");
            Line("</div>");

            if (suppressed || notApplicable)
            {
                Line("<div class=\"legend\">");
                if (suppressed)
                    Line($"<p>{E(ReportText.SuppressedLegend.In(language))}</p>");
                if (notApplicable)
                    Line($"<p>{E(ReportText.NotApplicableLegend.In(language))}</p>");
                Line("</div>");
            }
            Line("</section>");
        }

        private void WriteChart(ReportChart chart, BarChartData bars, string id)
        {
            var title = chart.Title.In(language);
            Line("<figure class=\"chart\">");
            Line(SvgBarChart.Render(bars, id, title, language));
            var hidden = bars.HiddenBars > 0 ? $" <span class=\"chart-note\">{E(ReportText.BarsHidden.In(language))}</span>" : string.Empty;
            Line($"<figcaption><span class=\"chart-title\">{E(title)}</span>{hidden}</figcaption>");
            Line("</figure>");
        }

        private string Cell(ReportValue value, MeasureUnit unit) => value switch
        {
            { Status: ValueStatus.Shown, Value: { } shown } => E(Format(shown, unit)),
            { Status: ValueStatus.Suppressed } when !markTitles => E(ReportText.SuppressedMarker.In(language)),
            _ when !markTitles => E(ReportText.NotApplicableMarker.In(language)),
            { Status: ValueStatus.Suppressed } =>
                $"<abbr class=\"mark\" title=\"{E(ReportText.SuppressedTitle.In(language))}\">{E(ReportText.SuppressedMarker.In(language))}</abbr>",
            _ =>
                $"<abbr class=\"mark\" title=\"{E(ReportText.NotApplicableTitle.In(language))}\">{E(ReportText.NotApplicableMarker.In(language))}</abbr>",
        };

        private string Format(double value, MeasureUnit unit)
        {
            var rounded = ReportNumbers.Round(value, unit);
            return unit switch
            {
                MeasureUnit.Count => rounded.ToString("N0", culture),
                MeasureUnit.Share => rounded.ToString("P1", culture),
                _ => rounded.ToString("N2", culture),
            };
        }

        private void Line(string text) => html.Append(text).Append('\n');

        private static string E(string text) => WebUtility.HtmlEncode(text);
    }
}
