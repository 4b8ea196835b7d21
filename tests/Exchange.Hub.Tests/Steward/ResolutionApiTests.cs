using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Steward;

/// <summary>Stewards over entity resolution: evidence, the review queue, accept, reject and split, each through the log and audited.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ResolutionApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Accepting_a_review_merges_the_two_subjects_into_the_older_and_the_queue_no_longer_lists_it()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var (reviewId, record, candidate) = await SubjectWorld.OpenReviewAsync(hub);
        var queue = await steward.GetFromJsonAsync<JsonArray>("/v1/steward/reviews", TestTimeout.Token());
        var listed = Assert.Single(queue!, r => (long)r!["reviewId"]! == reviewId)!;
        Assert.NotEmpty(listed["evidence"]!["comparisons"]!.AsArray());
        var older = (long)listed["candidateSubjectId"]!;

        using var accepted = await steward.PostAsync($"/v1/steward/reviews/{reviewId}/accept", null, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["state"]!);
        var link = await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/links/{record}", TestTimeout.Token());
        Assert.Equal((older, "steward"), ((long)link!["subjectId"]!, (string)link["decidedBy"]!));
        Assert.Equal(older, (long)(await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/links/{candidate}", TestTimeout.Token()))!["subjectId"]!);
        Assert.DoesNotContain((await steward.GetFromJsonAsync<JsonArray>("/v1/steward/reviews", TestTimeout.Token()))!, r => (long)r!["reviewId"]! == reviewId);
        var subject = await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/subjects/{older}", TestTimeout.Token());
        Assert.Equal(2, subject!["records"]!.AsArray().Count);
        Assert.Equal("active", (string)subject["state"]!);
        Assert.NotNull(subject["golden"]!["fields"]!["name"]);
        Assert.NotNull(subject["golden"]!["lineage"]!["name"]!["envelopeId"]);

        using var again = await steward.PostAsync($"/v1/steward/reviews/{reviewId}/accept", null, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.Rule == "steward.review-accept" && e.Decision == "permit" && e.CallerClientId == TestClients.Steward.ClientId);
        Assert.Contains(audit, e => e.Rule == "review.decided" && e.Decision == "deny");
    }

    [Fact]
    public async Task Splitting_a_record_off_gives_it_a_new_subject_id_and_a_linkage_key_link_cannot_be_split()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var (reviewId, record, candidate) = await SubjectWorld.OpenReviewAsync(hub);
        using (var accepted = await steward.PostAsync($"/v1/steward/reviews/{reviewId}/accept", null, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var merged = (long)(await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/links/{record}", TestTimeout.Token()))!["subjectId"]!;

        using var split = await steward.PostAsync($"/v1/steward/links/{record}/split", null, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var after = (long)(await split.Content.ReadFromJsonAsync<JsonObject>())!["subjectId"]!;
        Assert.True(after > merged, $"the split-off record got subject {after}, not a new id above {merged}");
        Assert.Equal(merged, (long)(await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/links/{candidate}", TestTimeout.Token()))!["subjectId"]!);

        var keyed = Samples.GraduateFor(TestClients.UniversityA, ResidentIds.Make(910));
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var pushed = await university.PostAsync("/v1/records/graduate",
            new StringContent(new JsonArray(keyed.DeepClone()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"), TestTimeout.Token());
        var envelopeId = (string)JsonNode.Parse(await pushed.Content.ReadAsStringAsync())!["records"]![0]!["envelopeId"]!;
        await hub.WaitForMergerAsync();
        using var refused = await steward.PostAsync($"/v1/steward/links/{envelopeId}/split", null, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("link-key-proven", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_review_keeps_the_two_apart_and_only_a_steward_may_see_or_decide_reviews()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var matcher = hub.ClientFor(TestClients.Matcher);
        var (reviewId, record, candidate) = await SubjectWorld.OpenReviewAsync(hub);

        Assert.Equal(HttpStatusCode.Forbidden, (await matcher.GetAsync("/v1/steward/reviews", TestTimeout.Token())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await matcher.PostAsync($"/v1/steward/reviews/{reviewId}/accept", null, TestTimeout.Token())).StatusCode);
        using var rejected = await steward.PostAsync($"/v1/steward/reviews/{reviewId}/reject", null, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", (string)(await rejected.Content.ReadFromJsonAsync<JsonObject>())!["state"]!);
        var recordSubject = (long)(await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/links/{record}", TestTimeout.Token()))!["subjectId"]!;
        var candidateSubject = (long)(await steward.GetFromJsonAsync<JsonObject>($"/v1/steward/links/{candidate}", TestTimeout.Token()))!["subjectId"]!;
        Assert.NotEqual(recordSubject, candidateSubject);
    }
}
