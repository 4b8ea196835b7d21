using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>
/// Writes a report as one JSON object (camelCase, every property always present). A hidden value is
/// <c>null</c> with its status, never a number; shares are 0–1 with four decimals, days, scores and
/// ratios two, counts integers. The shape is described in docs/report-formats.md.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    // Chinese text stays readable; characters that matter in HTML are still escaped.
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public string MediaType => "application/json; charset=utf-8";

    public string FileExtension => "json";

    public async Task WriteAsync(ReportDocument document, Stream output, ReportLanguage language = ReportLanguage.Zh, CancellationToken cancellationToken = default)
    {
        ReportValidation.Validate(document);
        ArgumentNullException.ThrowIfNull(output);

        await using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("name", document.Name);
        json.WriteString("language", ReportNumbers.LanguageTag(language));
        json.WriteString("title", document.Title.In(language));
        json.WritePropertyName("titles");
        WriteLocal(json, document.Title);

        json.WriteStartObject("parameters");
        foreach (var (key, value) in document.Parameters)
            json.WriteString(key, value);
        json.WriteEndObject();

        json.WriteString("computedAt", document.ComputedAt);
        WriteBasis(json, document.Basis);

        json.WriteStartObject("disclosure");
        json.WriteNumber("threshold", document.Disclosure.Threshold);
        json.WriteNumber("suppressedCells", document.Disclosure.SuppressedCells);
        json.WriteNumber("publishedCells", document.Disclosure.PublishedCells);
        json.WriteEndObject();

        json.WriteStartArray("flags");
        foreach (var flag in document.Flags)
        {
            json.WriteStartObject();
            json.WriteString("code", flag.Code);
            json.WriteString("text", flag.Text.In(language));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("notes");
        foreach (var note in document.Notes)
            json.WriteStringValue(note.In(language));
        json.WriteEndArray();

        json.WriteStartArray("tables");
        foreach (var table in document.Tables)
        {
            WriteTable(json, table, language);
            // Large reports go out table by table rather than piling up in the writer's buffer.
            await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();

        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteLocal(Utf8JsonWriter json, LocalText text)
    {
        json.WriteStartObject();
        json.WriteString("zh", text.Zh);
        json.WriteString("en", text.En);
        json.WriteEndObject();
    }

    private static void WriteBasis(Utf8JsonWriter json, ReportBasis basis)
    {
        json.WriteStartObject("basis");
        json.WriteNumber("subjectsCounted", basis.SubjectsCounted);
        json.WriteNumber("subjectsLeftOut", basis.SubjectsLeftOut);
        json.WriteStartArray("providers");
        foreach (var provider in basis.Providers)
        {
            json.WriteStartObject();
            json.WriteString("provider", provider.Provider);
            json.WriteString("basis", provider.Basis);
            json.WriteString("agreement", provider.Agreement);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTable(Utf8JsonWriter json, ReportTable table, ReportLanguage language)
    {
        json.WriteStartObject();
        json.WriteString("name", table.Name);
        json.WriteString("title", table.Title.In(language));

        json.WriteStartArray("dimensions");
        foreach (var dimension in table.Dimensions)
        {
            json.WriteStartObject();
            json.WriteString("name", dimension.Name);
            json.WriteString("label", dimension.Label.In(language));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("measures");
        foreach (var measure in table.Measures)
        {
            json.WriteStartObject();
            json.WriteString("name", measure.Name);
            json.WriteString("label", measure.Label.In(language));
            json.WriteString("unit", ReportNumbers.UnitCode(measure.Unit));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        if (table.Chart is { } chart)
        {
            json.WriteStartObject("chart");
            json.WriteString("title", chart.Title.In(language));
            json.WriteString("measure", chart.Measure);
            json.WriteString("categoryDimension", chart.CategoryDimension);
            json.WriteString("seriesDimension", chart.SeriesDimension);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("chart");
        }

        json.WriteStartArray("rows");
        foreach (var row in table.Rows)
            WriteRow(json, table, row, language);
        json.WriteEndArray();

        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, ReportTable table, ReportRow row, ReportLanguage language)
    {
        json.WriteStartObject();
        json.WriteStartObject("categories");
        for (var d = 0; d < table.Dimensions.Count; d++)
        {
            var category = row.Categories[d];
            json.WriteStartObject(table.Dimensions[d].Name);
            json.WriteString("code", category.Code);
            json.WriteString("label", category.Label.In(language));
            json.WriteNumber("depth", category.Depth);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartObject("values");
        for (var m = 0; m < table.Measures.Count; m++)
        {
            var measure = table.Measures[m];
            var value = row.Values[m];
            json.WriteStartObject(measure.Name);
            if (value is { Status: ValueStatus.Shown, Value: { } shown })
            {
                if (measure.Unit == MeasureUnit.Count)
                    json.WriteNumber("value", (long)ReportNumbers.Round(shown, measure.Unit));
                else
                    json.WriteNumber("value", ReportNumbers.Round(shown, measure.Unit));
            }
            else
            {
                json.WriteNull("value");
            }
            json.WriteString("status", ReportNumbers.StatusCode(value.Status));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
