using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Writers;

/// <summary>Renders a <see cref="ReportDocument"/> in one file format.</summary>
public interface IReportWriter
{
    /// <summary>The media type of what <see cref="WriteAsync"/> writes, e.g. <c>text/csv; charset=utf-8</c>.</summary>
    string MediaType { get; }

    /// <summary>The usual file extension, without the dot.</summary>
    string FileExtension { get; }

    /// <summary>
    /// Writes the whole document to <paramref name="output"/>. The document is checked first: a table
    /// whose rows do not fit its dimensions and measures is refused with an <see cref="ArgumentException"/>
    /// before anything is written.
    /// </summary>
    Task WriteAsync(ReportDocument document, Stream output, ReportLanguage language = ReportLanguage.Zh, CancellationToken cancellationToken = default);
}
