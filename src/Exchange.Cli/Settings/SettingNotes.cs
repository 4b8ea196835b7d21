using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;

namespace Exchange.Cli.Settings;

/// <summary>
/// What reflection cannot read off an options class: the start-up checks written as code (each
/// class's <c>Validate</c> or <c>Problems</c> method, or its registration's check) in words, the
/// name of each dictionary's keys, and defaults that depend on the machine. A test fails when a key
/// named here is not a setting the options classes produce.
/// </summary>
public static class SettingNotes
{
    private static readonly string KnownScopes = string.Join(", ",
        new[] { Scopes.IndexRead, Scopes.Match, Scopes.ReportsRead, Scopes.ConsentManage, Scopes.AuditRead }
            .Concat(RecordKinds.All.Select(Scopes.RecordsWrite))
            .Select(s => $"`{s}`"));

    private const string PullName = "unique among all pull adapters (it keys the adapter's checkpoint)";

    /// <summary>Checks made in code, by full key.</summary>
    public static IReadOnlyDictionary<string, string> Checks { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Exchange:Postgres:DataDirectory"] = "not empty; when the hub runs as root, a folder the `postgres` user can reach",
        ["Exchange:Postgres:BinDirectory"] = "when set, must hold `initdb`, `pg_ctl` and `postgres`",
        ["Exchange:Secrets:Pseudonymisation"] = $"base64 of at least {DeploymentSecrets.KeyBytes} bytes; **required** with an external database (`ConnectionStrings:Exchange`)",
        ["Exchange:Secrets:Handles"] = $"base64 of at least {DeploymentSecrets.KeyBytes} bytes; **required** with an external database (`ConnectionStrings:Exchange`)",
        ["Exchange:Tokens:Issuers:0:Issuer"] = "required; each issuer once",
        ["Exchange:Tokens:Issuers:0:Audiences:0"] = "at least one; none empty",
        ["Exchange:Tokens:Issuers:0:Algorithms:0"] = "asymmetric only: " + string.Join(", ", TrustedIssuerOptions.SupportedAlgorithms.Order(StringComparer.Ordinal)),
        ["Exchange:Tokens:Issuers:0:JwksFile"] = "exactly one of `JwksFile` and `JwksUrl`",
        ["Exchange:Tokens:Issuers:0:JwksUrl"] = "exactly one of `JwksFile` and `JwksUrl`; an absolute `https` address (`http` only on loopback)",
        ["Exchange:Tokens:Issuers:0:JwksRefreshInterval"] = "at least one second",
        ["Exchange:Tokens:Issuers:0:TokenTypes:0"] = "not empty",
        ["Exchange:Tokens:ClockSkew"] = $"0 to {TokenValidationOptions.MaxClockSkew.TotalSeconds:0} seconds",
        ["Exchange:Tokens:MaxTokenBytes"] = "at least 256",
        ["Exchange:Clients:0:Issuer"] = "required; one of the trusted issuers (`Exchange:Tokens:Issuers:<n>:Issuer`)",
        ["Exchange:Clients:0:ClientId"] = "required; once per issuer",
        ["Exchange:Clients:0:Organisation"] = "required",
        ["Exchange:Clients:0:Role"] = "one of " + string.Join(", ", Enum.GetValues<PartyRole>().Select(r => $"`{r.ToString().ToLowerInvariant()}`")),
        ["Exchange:Clients:0:Scopes:0"] = "a known scope: " + KnownScopes,
        ["Exchange:Ingest:Institutions:<credit code>"] = "10 digits",
        ["Exchange:Ingest:ProfilesDirectory"] = "when set, must exist",
        ["Exchange:RateLimits:Burst"] = "at least `PermitsPerSecond`",
        ["Exchange:Pull:Interval"] = "positive",
        ["Exchange:Pull:UniversityRest:0:Name"] = PullName,
        ["Exchange:Pull:JobPostingFeeds:0:Name"] = PullName,
        ["Exchange:Pull:FhirServers:0:Name"] = PullName,
        ["Exchange:Pull:DropFolders:0:Name"] = PullName,
        ["Exchange:EmbeddedLog:SessionTimeout"] = "longer than `HeartbeatInterval`",
        ["Exchange:EmbeddedLog:HeartbeatInterval"] = "positive",
        ["Exchange:Kafka:BootstrapServers"] = "this or `Mock` must be set for Kafka",
        ["Exchange:Reports:Threshold"] = "at least 1",
        ["Exchange:Reports:ThresholdByOrganisation:<credit code>"] = "at least 1",
        ["Exchange:Reports:GroupDisclosureMaxTotal"] = "at least 1 when set",
        ["Exchange:Reports:FairnessBound"] = "above 0 and at most 1",
        ["Exchange:Reports:QueryTimeout"] = "positive",
        ["Exchange:Reports:QueryWorkMemoryMegabytes"] = "from 1 to 2048",
        ["Exchange:Reports:Schedule:0:Report"] = "a report of `GET /v1/reports` (`exchange report --list`)",
        ["Exchange:Reports:Schedule:0:Client"] = "required; a registered client (`Exchange:Clients`) with the scope `reports:read`",
        ["Exchange:Reports:Schedule:0:Every"] = "exactly one of `Every` and `At`; at least `00:01:00`",
        ["Exchange:Reports:Schedule:0:At"] = "exactly one of `Every` and `At`; `HH:mm`",
        ["Exchange:Reports:Schedule:0:Parameters:<parameter>"] = "a parameter the report takes, with a value it accepts",
        ["Exchange:Reports:Schedule:0:Language"] = "`zh` or `en`",
        ["Exchange:Changes:Topics:0:Client"] = "required; a registered client (`Exchange:Clients`) with the scope `index:read`, once; letters, digits, `.`, `_`, `-`",
        ["Exchange:Changes:Topics:0:Purpose"] = "`matching`, `service-delivery`, `statistics` or `research`",
        ["Exchange:Index:Resolution:ModelFile"] = "when `Enabled`, a readable model whose columns a graduate record has",
    };

    /// <summary>Defaults that depend on where the hub is installed, by full key.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Exchange:Postgres:DataDirectory"] = "`.data/postgres` beside the binaries",
        ["Exchange:Postgres:MigrateOnStart"] = "unset: `true` embedded, `false` external",
    };

    /// <summary>What a dictionary's keys are, by <c>Type.Property</c>; <c>&lt;name&gt;</c> when not listed.</summary>
    public static IReadOnlyDictionary<string, string> DictionaryKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IngestOptions.Institutions"] = "<credit code>",
        ["KafkaLogOptions.ProducerConfig"] = "<librdkafka property>",
        ["KafkaLogOptions.ConsumerConfig"] = "<librdkafka property>",
        ["DropFolderOptions.Constants"] = "<field>",
        ["ReportOptions.ThresholdByOrganisation"] = "<credit code>",
        ["ScheduledReport.Parameters"] = "<parameter>",
    };

    /// <summary>When a whole section is read, by section.</summary>
    public static IReadOnlyDictionary<string, string> Sections { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Exchange:Clients"] = "A list numbered from 0, one entry per client; a token's client is found by its `iss` and `client_id`.",
        ["Exchange:Pull"] = "Each list is numbered from 0, one entry per source.",
        ["Exchange:EmbeddedLog"] = "Read when no Kafka setting is given (the default).",
        ["Exchange:Reports:Schedule"] = "A list numbered from 0, one entry per scheduled report; each is published to `exchange.reports.v1` (docs/reports.md).",
        ["Exchange:Changes:Topics"] = "A list numbered from 0, one entry per subscriber; each subscriber's change feed is published to `exchange.changes.v1.<client>` (docs/read-api.md, \"Change feed\").",
        ["Exchange:Kafka"] = "Read, and checked, only when `BootstrapServers` or `Mock` is set; that selects Kafka as the event log.",
    };

    /// <summary>Keys the hub reads without an options class.</summary>
    public static SettingsSection Unbound { get; } = new("Other keys", null,
        "Read by the hosting framework or before the parts start, without an options class.",
        [
            new("ConnectionStrings:Exchange", "text (an Npgsql connection string)", "unset: the embedded PostgreSQL", "",
                "An external PostgreSQL. When set nothing is started, migrations are the explicit step `exchange migrate`, and both `Exchange:Secrets` are required."),
            new("ConnectionStrings:ExchangeMigration", "text (an Npgsql connection string)", "unset", "",
                "With an external database, an administrator's connection (the database's owner, or a superuser) for migrations: `exchange migrate`, or a hub started with `Exchange:Postgres:MigrateOnStart=true`, applies them through it and makes the `exchange_owner` and `exchange_runtime` roles and their grants (docs/operations.md). Unset: migrations run as the role of `ConnectionStrings:Exchange`, which then owns the schemas."),
            new("Logging:LogLevel:Default", "`Trace`, `Debug`, `Information`, `Warning`, `Error`, `Critical` or `None`", "`Information`", "",
                "How much the hub logs; `Logging:LogLevel:<category>` sets one category, e.g. `Logging:LogLevel:Exchange.Log.Embedded=Warning`."),
        ]);
}
