using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Access;
using Exchange.Access.Consent;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Hub.Tests.Records;

/// <summary>
/// The consent store is a projection of <c>exchange.consent.v1</c>: whatever way a consent came
/// in, it reaches the log first and the store from there; poison is dead-lettered and passed;
/// and replaying the topic into an empty store rebuilds the same store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConsentProjectionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Consent_that_reached_the_log_without_the_push_API_reaches_the_store_and_poison_is_passed_by()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var log = hub.Services.GetRequiredService<IEventLog>();
        var deadLetters = await log.CountMessagesAsync(Topics.DeadLetter, TestTimeout.Token());
        // Garbage on the consent topic first, as a broken producer might write it.
        await log.AppendAsync(Topics.For(RecordKind.Consent), [new LogMessage("someone", new Dictionary<string, string>(), "not a consent"u8.ToArray())], TestTimeout.Token());

        // What `exchange import` does: the ingest pipeline straight to the log, no HTTP, no store.
        var residentId = ResidentIds.Make(800);
        var consent = ConsentWriteMatrixTests.Consent("IMPORTED-1", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
        var result = await hub.Services.GetRequiredService<IngestPipeline>().IngestAsync(
            new IngestBatch(RecordKind.Consent, TestClients.UniversityA.Organisation, [new IngestRecord("line 1", Encoding.UTF8.GetBytes(consent.ToJsonString()))]),
            TestTimeout.Token());
        var position = Assert.Single(result.Outcomes).Position!.Value;

        Assert.True(await hub.Services.GetRequiredService<ConsentProjection>().WaitUntilAppliedAsync([position], TimeSpan.FromSeconds(30), TestTimeout.Token()));
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        var stored = Assert.Single(await hub.Services.GetRequiredService<ConsentStore>().ListBySubjectAsync(subjectKey, TestTimeout.Token()));
        Assert.Equal(("IMPORTED-1", TestClients.UniversityA.Organisation), (stored.SourceRecordId, stored.SourceOrganisation));
        // The merger reads the consent topic too and reports the same message with its own reason.
        var projectionDeadLetters = 0;
        for (var partition = 0; partition < (await log.GetPartitionCountAsync(Topics.DeadLetter, TestTimeout.Token()) ?? 0); partition++)
        {
            await foreach (var message in log.ReplayAsync(Topics.DeadLetter, partition, 0, TestTimeout.Token()))
            {
                if (!message.Headers[DeadLetter.Reason].Contains("merge.unreadable", StringComparison.Ordinal))
                    projectionDeadLetters++;
            }
        }
        Assert.Equal(deadLetters + 1, projectionDeadLetters);
    }

    [Fact]
    public async Task A_consent_on_the_topic_holding_a_NUL_is_dead_lettered_instead_of_stopping_the_projection()
    {
        // A writer other than the hub can seal a consent whose evidence reference holds U+0000:
        // PostgreSQL's text refuses it, and the projection failed its batch on every retry.
        await using var hub = await HubHost.StartAsync(postgres);
        var log = hub.Services.GetRequiredService<IEventLog>();
        var pipeline = hub.Services.GetRequiredService<IngestPipeline>();
        var residentId = ResidentIds.Make(806);
        async Task<LogPosition> IngestAsync(string recordId) => Assert.Single((await pipeline.IngestAsync(
            new IngestBatch(RecordKind.Consent, TestClients.UniversityA.Organisation, [new IngestRecord("line 1", Encoding.UTF8.GetBytes(
                ConsentWriteMatrixTests.Consent(recordId, residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]).ToJsonString()))]),
            TestTimeout.Token())).Outcomes).Position!.Value;
        var first = await IngestAsync("NUL-1");
        var sealedFirst = await log.ReplayAsync(first.Topic, first.Partition, first.Offset, TestTimeout.Token()).FirstAsync();
        var hostileValue = Encoding.UTF8.GetString(sealedFirst.Value.Span).Replace("EVIDENCE-NUL-1", "EVIDENCE-\\u0000", StringComparison.Ordinal);
        Assert.Contains("\\u0000", hostileValue, StringComparison.Ordinal);
        await log.AppendAsync(first.Topic, [new LogMessage(sealedFirst.Key, new Dictionary<string, string>(sealedFirst.Headers)
        {
            [CloudEventHeaders.Id] = Guid.CreateVersion7().ToString(),
            [CloudEventHeaders.SourceRecordId] = "NUL-2",
        }, Encoding.UTF8.GetBytes(hostileValue))], TestTimeout.Token());
        var third = await IngestAsync("NUL-3");

        Assert.True(await hub.Services.GetRequiredService<ConsentProjection>().WaitUntilAppliedAsync([third], TimeSpan.FromSeconds(30), TestTimeout.Token()));
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        Assert.Equal(["NUL-1", "NUL-3"], (await hub.Services.GetRequiredService<ConsentStore>().ListBySubjectAsync(subjectKey, TestTimeout.Token()))
            .Select(c => c.SourceRecordId).Order(StringComparer.Ordinal));
        var reasons = new List<string>();
        for (var partition = 0; partition < (await log.GetPartitionCountAsync(Topics.DeadLetter, TestTimeout.Token()) ?? 0); partition++)
        {
            await foreach (var message in log.ReplayAsync(Topics.DeadLetter, partition, 0, TestTimeout.Token()))
                reasons.Add(message.Headers[DeadLetter.Reason]);
        }
        Assert.Contains(reasons, r => r.Contains("consent.unreadable", StringComparison.Ordinal) && r.Contains("/evidence/reference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consents_recorded_through_the_steward_API_as_JSON_and_FHIR_are_in_the_log()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var log = hub.Services.GetRequiredService<IEventLog>();
        var fhir = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Steward", "consent.fhir.json"))
            .Replace("{{residentId}}", ResidentIds.Make(802), StringComparison.Ordinal)
            .Replace("{{grantee}}", TestClients.EmployerA.Organisation, StringComparison.Ordinal);

        using var json = await steward.PostAsync("/v1/steward/consents",
            new StringContent(ConsentWriteMatrixTests.Consent("STEWARD-JSON", ResidentIds.Make(804), new JsonObject { ["role"] = "employer" }, "matching", ["education"]).ToJsonString(),
                Encoding.UTF8, "application/json"), TestTimeout.Token());
        using var fromFhir = await steward.PostAsync("/v1/steward/consents", new StringContent(fhir, Encoding.UTF8, "application/fhir+json"), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.Created, json.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromFhir.StatusCode);
        Assert.Equal(2, await log.CountMessagesAsync(Topics.For(RecordKind.Consent), TestTimeout.Token()));
        var created = await fromFhir.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("inserted", (string)created!["outcome"]!);
    }

    [Fact]
    public async Task Replaying_the_consent_topic_into_an_empty_store_rebuilds_the_same_store()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        for (var i = 0; i < 6; i++)
        {
            var consent = ConsentWriteMatrixTests.Consent($"REPLAY-{i}", ResidentIds.Make(810 + (2 * i)), new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
            using var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token());
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }
        using (var withdrawn = await steward.PostAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/REPLAY-2/withdraw", null, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        // A second store, empty, fed every message of the topic from offset 0.
        var log = hub.Services.GetRequiredService<IEventLog>();
        await using var empty = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await AccessSchema.Part.MigrateAsync(empty, NullLogger.Instance, TestTimeout.Token());
        var name = new NpgsqlConnectionStringBuilder(empty.ConnectionString).Database!;
        await using var rebuilt = ExchangeDatabase.Create(postgres.Server.ConnectionStringFor(name), [AccessSchema.Part]);
        var projection = new ConsentProjection(log, new ConsentStore(rebuilt), TimeProvider.System, NullLogger<ConsentProjection>.Instance);
        var topic = Topics.For(RecordKind.Consent);
        for (var partition = 0; partition < (await log.GetPartitionCountAsync(topic, TestTimeout.Token()))!; partition++)
        {
            var high = (await log.GetWatermarksAsync(topic, partition, TestTimeout.Token())).High;
            var messages = new List<ConsumedMessage>();
            if (high > 0)
            {
                await foreach (var message in log.ReplayAsync(topic, partition, 0, TestTimeout.Token()))
                {
                    messages.Add(message);
                    if (message.Offset + 1 >= high)
                        break;
                }
            }
            await projection.ApplyAsync(messages, TestTimeout.Token());
        }

        Assert.Equal(await DumpAsync(hub.Services.GetRequiredService<NpgsqlDataSource>()), await DumpAsync(rebuilt));
    }

    [Fact]
    public async Task A_withdrawal_on_a_consent_topic_made_again_under_the_store_was_answered_in_force_while_the_store_skipped_it()
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(postgres, logs: logs);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = ConsentWriteMatrixTests.Consent("AHEAD-1", ResidentIds.Make(840), new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
        using (var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        // The store outlived a longer topic (the topic was deleted and made again, or a database
        // restored without its log): it stands past the end of every partition.
        await using (var connection = await hub.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestTimeout.Token()))
        {
            var topic = Topics.For(RecordKind.Consent);
            var partitions = (await hub.Services.GetRequiredService<IEventLog>().GetPartitionCountAsync(topic, TestTimeout.Token()))!.Value;
            await connection.ExecuteAsync("""
                insert into access.projection_positions (projection, topic, partition, next_offset, updated_at)
                select @Projection, @Topic, p, 1000, now() from generate_series(0, @Last) p
                on conflict (projection, topic, partition) do update set next_offset = excluded.next_offset
                """, new { Projection = ConsentProjection.Name, Topic = topic, Last = partitions - 1 });
        }

        using var withdrawal = await steward.PostAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/AHEAD-1/withdraw", null, TestTimeout.Token());

        // Not "withdrawn": the store did not apply it, and says so.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, withdrawal.StatusCode);
        Assert.EndsWith("consent-pending", (string)(await withdrawal.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token()))!["type"]!, StringComparison.Ordinal);
        var stored = await hub.Services.GetRequiredService<ConsentStore>().FindAsync(TestClients.Steward.Organisation, "AHEAD-1", TestTimeout.Token());
        Assert.Equal(ConsentStatus.Active, stored!.Status);
        Assert.Contains(logs.Lines, l => l.Contains("past the topic's end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_withdrawal_on_a_consent_topic_made_again_and_grown_past_the_stores_position_was_skipped_and_answered_in_force()
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(postgres, logs: logs);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = ConsentWriteMatrixTests.Consent("MADE-AGAIN-1", ResidentIds.Make(842), new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
        using (var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        // The store says it applied one message more than the topic now holds, and a message the
        // topic does not hold: a topic made again under it. The withdrawal's offset is that position.
        await using (var connection = await hub.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestTimeout.Token()))
        {
            await connection.ExecuteAsync("""
                update access.projection_positions set next_offset = next_offset + 1, last_message = 'a message of the topic before'
                where projection = @Projection and topic = @Topic and next_offset > 0
                """, new { Projection = ConsentProjection.Name, Topic = Topics.For(RecordKind.Consent) });
        }

        using var withdrawal = await steward.PostAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/MADE-AGAIN-1/withdraw", null, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        var stored = await hub.Services.GetRequiredService<ConsentStore>().FindAsync(TestClients.Steward.Organisation, "MADE-AGAIN-1", TestTimeout.Token());
        Assert.Equal(ConsentStatus.Withdrawn, stored!.Status);
        Assert.Contains(logs.Lines, l => l.Contains("the topic was made again under the store", StringComparison.Ordinal));
    }

    // Everything the store holds that a read or a subscriber depends on, in a fixed order.
    private static async Task<string> DumpAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var consents = await connection.QueryAsync<string>(
            "select concat_ws('|', source_organisation, source_record_id, subject_key, grantee_organisation, grantee_role, array_to_string(purposes, ','), " +
            "array_to_string(categories, ','), valid_from, valid_through, status, given_at, withdrawn_at, evidence_method, evidence_reference) " +
            "from access.consent order by source_organisation, source_record_id");
        var changes = await connection.QueryAsync<string>(
            "select concat_ws('|', subject_key, grantee_organisation, grantee_role, kind, source_organisation, source_record_id) from access.consent_change order by sequence");
        return string.Join('\n', consents) + "\n--\n" + string.Join('\n', changes);
    }
}
