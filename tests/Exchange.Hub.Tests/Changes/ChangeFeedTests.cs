using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Decisions;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Changes;

/// <summary>
/// The change feed over a world of agreements and consents: each subscriber sees the changes of
/// the subjects it may see, under its own handles, with only released fields; a hidden subject
/// leaves no gap; a consent withdrawal reaches the subscriber it cuts off and stops the subject's
/// changes for it; every decision is audited.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeFeedTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Two_subscribers_read_page_by_page_only_their_subjects_and_no_page_betrays_the_hidden_ones()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub);
        await hub.WaitForMergerAsync();
        var handles = hub.Services.GetRequiredService<SubjectHandles>();

        foreach (var client in new[] { TestClients.EmployerA, TestClients.EmployerB })
        {
            using var http = hub.ClientFor(client);
            var (pages, bodies) = await ReadAllAsync(http, limit: 1);
            var visible = world.Subjects.Where(s => s.Condition == SubjectCondition.Shared && s.Names(client)).ToList();

            // Every page but the last holds exactly one change; the last, none: skipped changes leave no trace.
            Assert.All(pages[..^1], p => Assert.Single(p.Changes));
            Assert.Empty(pages[^1].Changes);
            Assert.All(bodies, b => Assert.Equal(["changes", "next"], JsonNode.Parse(b)!.AsObject().Select(p => p.Key)));
            // Cursors are all alike: one length, never a number, never the same twice.
            Assert.Single(pages.Select(p => p.Next.Length).Distinct());
            Assert.All(pages, p => Assert.False(long.TryParse(p.Next, out _)));
            Assert.Equal(pages.Count, pages.Select(p => p.Next).Distinct().Count());

            var changes = pages.SelectMany(p => p.Changes).ToList();
            Assert.All(changes, c => Assert.StartsWith("chg_", c.Id, StringComparison.Ordinal));
            Assert.Equal(changes.Count, changes.Select(c => c.Id).Distinct().Count());
            var expected = visible.Select(s => handles.Identified(s.SubjectKey)).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(expected, changes.Where(c => c.Type == "record.created").Select(c => c.Subject).ToHashSet(StringComparer.Ordinal));
            // The withdrawals the world made reach the subscriber they cut off: a notice carrying the handle alone.
            var cutOff = world.Subjects.Where(s => s.Condition == SubjectCondition.ConsentWithdrawn && s.Names(client))
                .Select(s => handles.Identified(s.SubjectKey)).ToHashSet(StringComparer.Ordinal);
            Assert.All(changes, c => Assert.Contains(c.Subject, c.Type == "consent.withdrawn" ? cutOff : expected));
            Assert.All(changes.Where(c => c.Type == "consent.withdrawn"), c => Assert.Null(c.Data));
            var body = string.Join("\n", bodies);
            Assert.Empty(AnswerChecks.Leaked(body, world.AllPersonalValues.Except(visible.SelectMany(s => s.PersonalValues))
                .Concat(world.Subjects.Select(s => s.SubjectKey)).Concat(world.Subjects.Select(s => s.ResidentId))));
            Assert.All(visible, s => Assert.Contains(s.PersonalValues[0], body, StringComparison.Ordinal));
        }

        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.Action == "GET /v1/changes" && e.CallerClientId == TestClients.EmployerA.ClientId && e.Decision == "permit");
        Assert.Contains(audit, e => e.Action == "GET /v1/changes" && e.CallerClientId == TestClients.EmployerA.ClientId && e.Decision == "deny");
    }

    [Fact]
    public async Task A_withdrawal_reaches_the_subscriber_relying_on_the_consent_and_the_subjects_later_changes_stop_for_it()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub);
        await hub.WaitForMergerAsync();
        var handles = hub.Services.GetRequiredService<SubjectHandles>();
        var subject = world.For(TestClients.EmployerA.Organisation, SubjectCondition.Shared);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        using var steward = hub.ClientFor(TestClients.Steward);
        var (before, _) = await ReadAllAsync(employer, limit: 100);
        Assert.Contains(before.SelectMany(p => p.Changes), c => c.Type == "record.created" && c.Subject == handles.Identified(subject.SubjectKey));

        using (var withdrawn = await steward.PostAsync($"/v1/steward/consents/{subject.ConsentSourceOrganisation}/{subject.ConsentRecordId}/withdraw", null, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await hub.WaitForMergerAsync();
        var updated = JsonNode.Parse(File.ReadAllText(Path.Combine(Samples.RepositoryRoot, "samples", "graduate.valid.json")))!.AsArray()[0]!.AsObject();
        updated["recordId"] = $"MATRIX-{subject.Index:D3}";
        updated["name"] = "撤回之后";
        await SubjectWorld.InsertRecordAsync(hub, "graduate", subject.ProviderOrganisation, updated, subject.SubjectKey);
        var (after, bodies) = await ReadAllAsync(employer, limit: 100, after: before[^1].Next);

        var changes = after.SelectMany(p => p.Changes).ToList();
        var withdrawal = Assert.Single(changes, c => c.Type == "consent.withdrawn");
        Assert.Equal(handles.Identified(subject.SubjectKey), withdrawal.Subject);
        Assert.DoesNotContain(changes, c => c.Type is "record.updated" or "record.created" && c.Subject == withdrawal.Subject);
        Assert.DoesNotContain("撤回之后", string.Join("\n", bodies), StringComparison.Ordinal);

        // Another employer, which relied on no consent of this subject, is told nothing of the withdrawal.
        using var other = hub.ClientFor(TestClients.EmployerB);
        var (others, _) = await ReadAllAsync(other, limit: 100);
        Assert.DoesNotContain(others.SelectMany(p => p.Changes), c => c.Type == "consent.withdrawn" && c.Subject == withdrawal.Subject);
    }

    internal static async Task<(List<ChangePage> Pages, List<string> Bodies)> ReadAllAsync(HttpClient http, int limit, string? after = null)
    {
        var pages = new List<ChangePage>();
        var bodies = new List<string>();
        while (true)
        {
            var path = $"/v1/changes?purpose=matching&limit={limit}" + (after is null ? "" : $"&after={after}");
            using var response = await http.GetAsync(path, TestTimeout.Token());
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            var page = JsonSerializer.Deserialize<ChangePage>(body, JsonSerializerOptions.Web)!;
            pages.Add(page);
            bodies.Add(body);
            if (page.Changes.Count == 0)
                return (pages, bodies);
            after = page.Next;
            Assert.True(pages.Count < 1000, "The feed never ends.");
        }
    }

    internal sealed record ChangePage(IReadOnlyList<ChangeEvent> Changes, string Next);

    internal sealed record ChangeEvent(string Id, string Type, DateTimeOffset Time, string Subject, string? From, JsonObject? Record, JsonObject? Data);
}
