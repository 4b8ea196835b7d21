using Exchange.Access.Tokens;
using Exchange.Adapters.Ingest;
using Exchange.Adapters.Pull;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Health;
using Exchange.Hub.RateLimiting;
using Exchange.Index.Merging;
using Exchange.Log.Embedded;
using Exchange.Log.Kafka;
using Exchange.Postgres;

namespace Exchange.Cli.Settings;

/// <summary>
/// Every options class the hub binds from configuration, with its section. Registrations are calls
/// inside each part's <c>AddXxx</c> method, out of reach of reflection, so they are listed here; a
/// test finds every <c>AddValidatedOptions&lt;T&gt;</c> and <c>GetSection(…).Get&lt;T&gt;()</c> in the
/// sources and fails when one is missing from this list.
/// </summary>
public static class BoundSections
{
    public static IReadOnlyList<(string Section, Type Options)> All { get; } =
    [
        (DatabaseOptions.Section, typeof(DatabaseOptions)),
        (DeploymentSecrets.Section, typeof(SecretsOptions)),
        (TokenValidationOptions.SectionName, typeof(TokenValidationOptions)),
        (ClientRegistration.SectionName, typeof(List<ClientRegistration>)),
        (IngestOptions.Section, typeof(IngestOptions)),
        (RateLimitOptions.Section, typeof(RateLimitOptions)),
        (HealthOptions.Section, typeof(HealthOptions)),
        (PullOptions.Section, typeof(PullOptions)),
        (EmbeddedLogOptions.SectionName, typeof(EmbeddedLogOptions)),
        (KafkaLogOptions.SectionName, typeof(KafkaLogOptions)),
        (ResolutionOptions.Section, typeof(ResolutionOptions)),
        (MergerOptions.Section, typeof(MergerOptions)),
        (Exchange.Hub.Ui.UiOptions.Section, typeof(Exchange.Hub.Ui.UiOptions)),
        (Exchange.Reporting.Statistics.ReportOptions.Section, typeof(Exchange.Reporting.Statistics.ReportOptions)),
        (Exchange.Hub.Reports.ScheduledReport.Section, typeof(List<Exchange.Hub.Reports.ScheduledReport>)),
        (Exchange.Hub.Changes.ChangeTopic.Section, typeof(List<Exchange.Hub.Changes.ChangeTopic>)),
        (Exchange.Hub.Export.ExportOptions.Section, typeof(Exchange.Hub.Export.ExportOptions)),
    ];
}
