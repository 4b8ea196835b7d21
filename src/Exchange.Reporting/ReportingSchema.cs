using Exchange.Postgres;

namespace Exchange.Reporting;

/// <summary>The PostgreSQL schema reporting owns: what each organisation has been published, created by the migrations embedded in this assembly.</summary>
public static class ReportingSchema
{
    /// <summary>The schema and its migrations.</summary>
    public static PartSchema Part { get; } = new("reporting", typeof(ReportingSchema).Assembly)
    {
        // What was published cannot be taken back, so neither can its record: the hub reads and appends.
        AppendOnlyTables = new Dictionary<string, string> { ["report_publication"] = "select, insert" },
    };
}
