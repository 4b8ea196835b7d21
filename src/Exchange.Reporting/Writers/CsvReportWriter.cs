using Exchange.Core.Csv;
using System.Globalization;
using System.Text;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>
/// Writes a whole report as one CSV file: UTF-8 with a byte-order mark (so that spreadsheet programs
/// read Chinese text), RFC 4180 quoting and CRLF line ends. A header block of <c>#</c> rows comes
/// first, then each table: a <c># table</c> line, a header row, its rows and an empty line. Values
/// are plain invariant numbers (shares 0–1 with four decimals) beside a status column that stays
/// <c>shown</c>, <c>suppressed</c> or <c>not-applicable</c> in every language; a hidden value is an
/// empty cell. Text that a spreadsheet would run as a formula, or that starts with an apostrophe, is
/// prefixed with an apostrophe.
/// The layout is described in docs/report-formats.md.
/// </summary>
public sealed class CsvReportWriter : IReportWriter
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public string MediaType => "text/csv; charset=utf-8";

    public string FileExtension => "csv";

    public async Task WriteAsync(ReportDocument document, Stream output, ReportLanguage language = ReportLanguage.Zh, CancellationToken cancellationToken = default)
    {
        ReportValidation.Validate(document);
        ArgumentNullException.ThrowIfNull(output);

        var csv = new CsvText();
        WriteHeaderBlock(csv, document, language);
        foreach (var table in document.Tables)
            WriteTable(csv, table, language);

        var preamble = Utf8WithBom.GetPreamble();
        await output.WriteAsync(preamble, cancellationToken);
        await output.WriteAsync(Utf8WithBom.GetBytes(csv.ToString()), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static void WriteHeaderBlock(CsvText csv, ReportDocument document, ReportLanguage language)
    {
        csv.Text("# report").Text(document.Name).EndRow();
        csv.Text("# title").Text(document.Title.In(language)).EndRow();
        csv.Text("# language").Text(ReportNumbers.LanguageTag(language)).EndRow();
        csv.Text("# computed-at").Text(ReportText.Timestamp(document.ComputedAt)).EndRow();
        foreach (var (key, value) in document.Parameters)
            csv.Text("# parameter").Text(key).Text(value).EndRow();

        var basis = document.Basis;
        csv.Text("# basis")
            .Text("subjects-counted").Number(basis.SubjectsCounted)
            .Text("subjects-left-out").Number(basis.SubjectsLeftOut)
            .EndRow();
        foreach (var provider in basis.Providers)
            csv.Text("# provider").Text(provider.Provider).Text(provider.Basis).Text(provider.Agreement.ToString("D")).EndRow();

        var disclosure = document.Disclosure;
        csv.Text("# disclosure")
            .Text("threshold").Number(disclosure.Threshold)
            .Text("suppressed-cells").Number(disclosure.SuppressedCells)
            .Text("published-cells").Number(disclosure.PublishedCells)
            .EndRow();
        csv.Text("# values").Text(ReportText.CsvValues.In(language)).EndRow();

        foreach (var flag in document.Flags)
            csv.Text("# flag").Text(flag.Code).Text(flag.Text.In(language)).EndRow();
        foreach (var note in document.Notes)
            csv.Text("# note").Text(note.In(language)).EndRow();
        csv.EndRow();
    }

    private static void WriteTable(CsvText csv, ReportTable table, ReportLanguage language)
    {
        csv.Text("# table").Text(table.Name).Text(table.Title.In(language)).EndRow();

        csv.Text(ReportText.TableColumn.In(language));
        foreach (var dimension in table.Dimensions)
        {
            var label = dimension.Label.In(language);
            csv.Text(ReportText.CodeColumn(label, language)).Text(label);
        }
        foreach (var measure in table.Measures)
        {
            var label = measure.Label.In(language);
            csv.Text(label).Text(ReportText.StatusColumn(label, language));
        }
        csv.EndRow();

        foreach (var row in table.Rows)
        {
            csv.Text(table.Name);
            foreach (var category in row.Categories)
                csv.Text(category.Code).Text(category.Label.In(language));
            for (var m = 0; m < table.Measures.Count; m++)
            {
                var value = row.Values[m];
                if (value is { Status: ValueStatus.Shown, Value: { } shown })
                    csv.Raw(ReportNumbers.Invariant(shown, table.Measures[m].Unit));
                else
                    csv.Raw(string.Empty);
                csv.Text(ReportNumbers.StatusCode(value.Status));
            }
            csv.EndRow();
        }
        csv.EndRow();
    }

    /// <summary>Builds RFC 4180 rows: fields separated by commas, rows ended by CRLF.</summary>
    private sealed class CsvText
    {
        private readonly StringBuilder text = new();
        private bool rowStarted;

        /// <summary>A text field: neutralised if a spreadsheet would read it as a formula, then quoted if needed.</summary>
        public CsvText Text(string value) => Raw(CsvCells.Text(value));

        public CsvText Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

        /// <summary>A field written as given: numbers, which are never prefixed.</summary>
        public CsvText Raw(string field)
        {
            if (rowStarted)
                text.Append(',');
            text.Append(field);
            rowStarted = true;
            return this;
        }

        public CsvText EndRow()
        {
            text.Append("\r\n");
            rowStarted = false;
            return this;
        }

        public override string ToString() => text.ToString();
    }
}
