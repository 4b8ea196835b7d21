using System.Text.Json.Nodes;
using Exchange.Hub.Changes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Index.Changes;
using Exchange.Log;
using Exchange.Reporting.Reading;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Hub.Tests.Changes;

/// <summary>
/// A subscriber's topic on the embedded log: the changes <c>GET /v1/changes</c> gives it, with
/// CloudEvents headers, keyed by handle; a publisher started again goes on from the stored position
/// without publishing anything twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeTopicPublisherTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_topic_carries_the_subscribers_changes_with_CloudEvents_headers_and_a_restart_publishes_only_what_is_new()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub);
        await hub.WaitForMergerAsync();
        var log = hub.Services.GetRequiredService<IEventLog>();
        var topic = new ChangeTopic { Client = TestClients.EmployerA.ClientId, Purpose = "matching" };

        await Publisher(hub, topic).PublishOnceAsync(TestTimeout.Token());

        using var employer = hub.ClientFor(TestClients.EmployerA);
        var (pages, _) = await ChangeFeedTests.ReadAllAsync(employer, limit: 1000);
        var expected = pages.SelectMany(p => p.Changes).ToList();
        var messages = await ReadTopicAsync(log, topic.Topic);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(c => c.Id).Order(StringComparer.Ordinal), messages.Select(m => m.Headers[CloudEventHeaders.Id]).Order(StringComparer.Ordinal));
        foreach (var message in messages)
        {
            var change = expected.Single(c => c.Id == message.Headers[CloudEventHeaders.Id]);
            Assert.Equal(CloudEventHeaders.SpecVersion, message.Headers[CloudEventHeaders.SpecVersionHeader]);
            Assert.Equal(ChangeTopicPublisher.Source, message.Headers[CloudEventHeaders.Source]);
            Assert.Equal(ChangeTopicPublisher.TypeOf(change.Type), message.Headers[CloudEventHeaders.Type]);
            Assert.Equal(CloudEventHeaders.FormatTime(change.Time), message.Headers[CloudEventHeaders.Time]);
            Assert.Equal(CloudEventHeaders.JsonContentType, message.Headers[CloudEventHeaders.ContentType]);
            Assert.Equal(change.Subject, message.Headers[CloudEventHeaders.Subject]);
            Assert.Equal(TestClients.EmployerA.ClientId, message.Headers[ChangeTopicPublisher.ClientHeader]);
            Assert.Equal(change.Subject, message.Key);
            Assert.Equal(change.Type, (string?)JsonNode.Parse(message.Value.Span)!["type"]);
        }
        var visible = world.Subjects.Where(s => s.Condition == SubjectCondition.Shared && s.Names(TestClients.EmployerA)).SelectMany(s => s.PersonalValues);
        Assert.Empty(AnswerChecks.Leaked(string.Join("\n", messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Value.Span))),
            world.AllPersonalValues.Except(visible).Concat(world.Subjects.Select(s => s.SubjectKey))));

        // A new publisher, as after a restart: nothing new, nothing published; one new change, one message.
        await Publisher(hub, topic).PublishOnceAsync(TestTimeout.Token());
        Assert.Equal(messages.Count, (await ReadTopicAsync(log, topic.Topic)).Count);
        var subject = world.For(TestClients.EmployerA.Organisation, SubjectCondition.Shared);
        await SubjectWorld.InsertGraduateAsync(hub, subject.ProviderOrganisation, subject.Index + 500, subject.SubjectKey);
        await Publisher(hub, topic).PublishOnceAsync(TestTimeout.Token());
        var after = await ReadTopicAsync(log, topic.Topic);
        Assert.Equal(messages.Count + 1, after.Count);
        Assert.Equal(ChangeTopicPublisher.TypeOf("record.created"), Assert.Single(after, m => !messages.Any(o => o.Headers[CloudEventHeaders.Id] == m.Headers[CloudEventHeaders.Id])).Headers[CloudEventHeaders.Type]);

        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.Action == ChangeTopicPublisher.Action && e.CallerClientId == TestClients.EmployerA.ClientId && e.Decision == "permit");
    }

    private static ChangeTopicPublisher Publisher(HubHost hub, ChangeTopic topic) => new(
        Options.Create(new List<ChangeTopic> { topic }), hub.Services.GetRequiredService<ReportCallers>(), hub.Services.GetRequiredService<ChangeFeed>(),
        hub.Services.GetRequiredService<ChangeCursor>(), hub.Services.GetRequiredService<ChangeTopicPositions>(), hub.Services.GetRequiredService<IEventLog>(),
        new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<ChangeTopicPublisher>.Instance);

    private static async Task<List<ConsumedMessage>> ReadTopicAsync(IEventLog log, string topic)
    {
        var messages = new List<ConsumedMessage>();
        var partitions = await log.GetPartitionCountAsync(topic, TestTimeout.Token()) ?? 0;
        for (var p = 0; p < partitions; p++)
        {
            await foreach (var message in log.ReplayAsync(topic, p, 0, TestTimeout.Token()))
                messages.Add(message);
        }
        return messages;
    }
}
