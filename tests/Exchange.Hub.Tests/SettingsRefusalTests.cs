using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Exchange.Core.Hosting;

namespace Exchange.Hub.Tests;

/// <summary>
/// A setting that is missing or wrong stops the hub at start with a message naming it — never a
/// hub that starts and then answers 500 to every request.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SettingsRefusalTests(PostgresFixture postgres)
{
    /// <summary>Each required setting of the test hub, and the setting the refusal must name.</summary>
    public static TheoryData<string, string> RequiredSettings => new()
    {
        { "Exchange:Tokens:Issuers:0:Issuer", "Exchange:Tokens:Issuers:0:Issuer" },
        { "Exchange:Tokens:Issuers:0:Audiences:0", "Exchange:Tokens:Issuers:0:Audiences" },
        { "Exchange:Tokens:Issuers:0:JwksFile", "Exchange:Tokens:Issuers:0: set exactly one of JwksFile and JwksUrl" },
        { "Exchange:Clients:0:Issuer", "Exchange:Clients:0:Issuer" },
        { "Exchange:Clients:0:ClientId", "Exchange:Clients:0:ClientId" },
        { "Exchange:Clients:0:Organisation", "Exchange:Clients:0:Organisation" },
        { "Exchange:Clients:0:Role", "Exchange:Clients:0:Role" },
        { "Exchange:Secrets:Pseudonymisation", "Exchange:Secrets:Pseudonymisation" },
        { "Exchange:Secrets:Handles", "Exchange:Secrets:Handles" },
    };

    /// <summary>Settings with a wrong value, and the setting the refusal must name.</summary>
    public static TheoryData<string, string, string> WrongSettings => new()
    {
        { "Exchange:Clients:0:Issuer", "https://not-trusted.example", "Exchange:Clients:0:Issuer" },
        { "Exchange:Clients:0:Scopes:0", "records:write:everything", "Exchange:Clients:0:Scopes:0" },
        { "Exchange:Tokens:ClockSkew", "00:10:00", "Exchange:Tokens:ClockSkew" },
        { "Exchange:RateLimits:Burst", "0", "Exchange:RateLimits:Burst" },
        { "Exchange:Ingest:MaxBodyBytes", "0", "Exchange:Ingest:MaxBodyBytes" },
        { "Exchange:Ingest:Institutions:12100000400000624D", "PKU", "Exchange:Ingest:Institutions:12100000400000624D" },
        { "Exchange:EmbeddedLog:Partitions", "0", "Exchange:EmbeddedLog:Partitions" },
        // A value the setting's type cannot hold crashed the start with the binder's stack trace.
        { "Exchange:Index:Resolution:Enabled", "sometimes", "Exchange:Index:Resolution:Enabled: 'sometimes' is not true or false" },
        { "Exchange:RateLimits:PermitsPerSecond", "many", "Exchange:RateLimits:PermitsPerSecond: 'many' is not a whole number" },
        { "Exchange:Tokens:ClockSkew", "soon", "Exchange:Tokens:ClockSkew: 'soon' is not a duration" },
        { "Exchange:Postgres:MigrateOnStart", "perhaps", "Exchange:Postgres:MigrateOnStart: 'perhaps' is not true or false" },
        { "Exchange:Index:Merger:Enabled", "sometimes", "Exchange:Index:Merger:Enabled: 'sometimes' is not true or false" },
        { "Exchange:Secrets:Handles", "c2hvcnQ=", "Exchange:Secrets:Handles" },
        { "Exchange:Pull:DropFolders:0:Folder", "/tmp/nowhere", "Exchange:Pull:DropFolders:0:Name" },
        { "Exchange:Reports:Threshold", "0", "Exchange:Reports:Threshold" },
        { "Exchange:Reports:Schedule:0:Report", "nonesuch", "Exchange:Reports:Schedule:0:Report 'nonesuch' is not a report" },
        { "Exchange:Reports:Schedule:0:Client", "nobody", "Exchange:Reports:Schedule:0:Client: No client 'nobody' is registered" },
        { "Exchange:Reports:Schedule:0:Client", "huawei-hr", "Exchange:Reports:Schedule:0:Client 'huawei-hr' is not registered for the scope reports:read" },
        { "Exchange:Reports:Schedule:0:Parameters:cohort", "last", "Exchange:Reports:Schedule:0:Parameters:cohort" },
        { "Exchange:Reports:Schedule:0:Every", "00:00:10", "Exchange:Reports:Schedule:0:Every must be at least" },
        { "Exchange:Reports:Schedule:0:At", "25:00", "Exchange:Reports:Schedule:0:At '25:00' is not a time of day" },
        // An entry of a list holding a value its type cannot hold was left out of the list without a word, and the hub started without it.
        { "Exchange:Reports:Schedule:0:Every", "soon", "Exchange:Reports:Schedule:0:Every: 'soon' is not a duration" },
    };

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public async Task Hub_refuses_to_start_without_a_required_setting_and_names_it(string missing, string named)
    {
        var failures = await RefusalAsync(new Dictionary<string, string?> { [missing] = null });

        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public async Task Hub_refuses_to_start_with_a_wrong_setting_and_names_it(string setting, string value, string named)
    {
        var failures = await RefusalAsync(new Dictionary<string, string?> { [setting] = value });

        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kafka_setting_out_of_range_is_refused_by_name()
    {
        var failures = await RefusalAsync(new Dictionary<string, string?> { ["Exchange:Kafka:Mock"] = "99" });

        Assert.Contains(failures, f => f.Contains("Exchange:Kafka:Mock", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Exchange:Kafka:ConsumerConfig:queued.max.messages.kbytes", "lots")]
    [InlineData("Exchange:Kafka:ProducerConfig:linger.ms", "lots")]
    [InlineData("Exchange:Kafka:ConsumerConfig:no.such.property", "1")]
    public async Task Kafka_pass_through_setting_librdkafka_refuses_is_refused_by_name(string setting, string value)
    {
        var failures = await RefusalAsync(new Dictionary<string, string?> { ["Exchange:Kafka:Mock"] = "1", [setting] = value });

        Assert.Contains(failures, f => f.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kafka_pass_through_setting_refused_never_shows_its_value()
    {
        const string Secret = "kafka-Pa55word-never-shown";
        var failures = await RefusalAsync(new Dictionary<string, string?>
        {
            ["Exchange:Kafka:Mock"] = "1",
            ["Exchange:Kafka:ProducerConfig:sasl.pasword"] = Secret,
        });

        Assert.Contains(failures, f => f.Contains("Exchange:Kafka:ProducerConfig:sasl.pasword", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(Secret, StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> RefusalAsync(IDictionary<string, string?> settings)
    {
        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => HubHost.StartAsync(postgres, settings));
        Assert.True(SettingsRefusal.TryGetFailures(refusal, out var failures), $"Not a settings refusal: {refusal}");
        return failures;
    }
}
