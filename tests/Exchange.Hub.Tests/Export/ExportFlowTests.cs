using System.Net;
using System.Text.Json.Nodes;
using Exchange.Hub.Export;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Exchange.Hub.Tests.Export.ExportHarness;

namespace Exchange.Hub.Tests.Export;

/// <summary>
/// The FHIR Bulk Data flow over HTTP against a test hub, on the export's fake clock: kick-off,
/// polls, the manifest, downloads released and masked line by line, audit, other clients kept
/// out, cancellation and expiry.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportFlowTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_export_is_polled_to_its_manifest_and_its_files_hold_only_released_masked_lines_each_decision_audited()
    {
        await using var harness = await StartAsync(postgres);
        var world = await ExportWorld.BuildAsync(harness.Hub);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);
        using var matcher = harness.Hub.ClientFor(TestClients.Matcher);

        var status = await StartExportAsync(employer, "?purpose=matching");

        // The worker has not looked yet: the poll says so, and says when to ask again.
        using (var polled = await employer.GetAsync(status, TestTimeout.Token()))
        {
            Assert.Equal(HttpStatusCode.Accepted, polled.StatusCode);
            Assert.StartsWith("accepted", string.Join("", polled.Headers.GetValues("X-Progress")), StringComparison.Ordinal);
            Assert.Equal(harness.Options.PollInterval, polled.Headers.RetryAfter?.Delta);
        }
        using (var foreign = await matcher.GetAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var claimedAt = harness.Clock.GetUtcNow();
        var manifest = await harness.ManifestAsync(employer, status);

        Assert.True(DateTimeOffset.Parse((string)manifest["transactionTime"]!, System.Globalization.CultureInfo.InvariantCulture) >= claimedAt);
        Assert.EndsWith("/v1/$export?purpose=matching", (string)manifest["request"]!, StringComparison.Ordinal);
        Assert.True((bool)manifest["requiresAccessToken"]!);
        Assert.Empty(manifest["error"]!.AsArray());
        Assert.False(manifest.ContainsKey("deleted"));
        Assert.Equal([("graduate", 1L), ("vacancy", 1L)], Outputs(manifest));

        var graduate = Assert.Single(await LinesAsync(employer, manifest, "graduate"));
        var handle = (string)graduate["subject"]!;
        Assert.Matches("^(cand|subj)_[a-z2-7]{26}$", handle);
        Assert.Equal(world.Shared.PersonalValues[0], (string?)graduate["name"]);
        Assert.Null(graduate["residentId"]);
        Assert.Null(graduate["hardshipFlags"]);
        var text = graduate.ToJsonString();
        Assert.DoesNotContain(world.Shared.SubjectKey, text, StringComparison.Ordinal);
        Assert.All(world.HiddenValues, v => Assert.DoesNotContain(v, text, StringComparison.Ordinal));
        var vacancy = Assert.Single(await LinesAsync(employer, manifest, "vacancy"));
        Assert.Equal(world.VacancyTitle, (string?)vacancy["title"]);

        // The files are the starting client's alone.
        var url = manifest["output"]![0]!["url"]!.GetValue<string>();
        using (var foreign = await matcher.GetAsync(url, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using (var anonymous = await harness.Hub.Anonymous().GetAsync(url, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var audit = (await AuditReader.ReadAllAsync(harness.Hub)).Where(e => e.Action == ExportRunner.Action).ToList();
        Assert.All(audit, e => Assert.Equal((TestClients.EmployerA.ClientId, "matching"), (e.CallerClientId, e.Purpose)));
        Assert.Contains(audit, e => e.SubjectHandle == handle && e.Decision == "permit" && e.FieldsReleased.Contains("graduate/name"));
        Assert.Contains(audit, e => e.SubjectHandle == handle && e.Decision == "deny" && e.Rule == "agreement.none");
        Assert.Contains(audit, e => e.SubjectHandle != handle && e.SubjectHandle.StartsWith("cand_", StringComparison.Ordinal) && e.Decision == "deny" && e.Rule == "consent.none");
        Assert.Contains(audit, e => e.Rule == "vacancy.not-personal" && e.Decision == "permit" && e.FieldsReleased.Contains("vacancy/title"));
    }

    [Fact]
    public async Task A_finished_exports_files_expire_after_their_lifetime_on_the_fake_clock_and_are_removed()
    {
        await using var harness = await StartAsync(postgres);
        await ExportWorld.BuildAsync(harness.Hub);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);
        var status = await StartExportAsync(employer, "?purpose=matching&_type=vacancy");
        var manifest = await harness.ManifestAsync(employer, status);
        var url = manifest["output"]![0]!["url"]!.GetValue<string>();
        var folder = harness.Hub.Services.GetRequiredService<ExportFolder>().JobFolder(Guid.Parse(status.Segments[^1]));
        Assert.True(Directory.Exists(folder));

        harness.Clock.Advance(harness.Options.FileLifetime);

        using (var expired = await employer.GetAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        using (var file = await employer.GetAsync(url, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Gone, file.StatusCode);
        while (Directory.Exists(folder))
        {
            harness.Clock.Advance(harness.Options.PollInterval);
            await Task.Delay(TimeSpan.FromMilliseconds(50), TestTimeout.Token());
        }
        using (var stillGone = await employer.GetAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Gone, stillGone.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_export_never_runs_and_only_its_own_client_can_cancel_it()
    {
        await using var harness = await StartAsync(postgres);
        await ExportWorld.BuildAsync(harness.Hub);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);
        using var matcher = harness.Hub.ClientFor(TestClients.Matcher);
        var status = await StartExportAsync(employer, "?purpose=matching");

        using (var foreign = await matcher.DeleteAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using (var stillThere = await employer.GetAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Accepted, stillThere.StatusCode);
        using (var cancelled = await employer.DeleteAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);

        // A finished export of another client shows the worker looked while the cancelled one stayed put.
        var other = await StartExportAsync(matcher, "?purpose=matching&_type=vacancy");
        await harness.ManifestAsync(matcher, other);

        using (var gone = await employer.GetAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var again = await employer.DeleteAsync(status, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var audit = await AuditReader.ReadAllAsync(harness.Hub);
        Assert.DoesNotContain(audit, e => e.Action == ExportRunner.Action && e.CallerClientId == TestClients.EmployerA.ClientId);
        Assert.False(Directory.Exists(harness.Hub.Services.GetRequiredService<ExportFolder>().JobFolder(Guid.Parse(status.Segments[^1]))));
    }

    [Fact]
    public async Task The_type_filter_exports_only_the_kinds_named_and_a_kind_released_to_nobody_gives_no_file()
    {
        await using var harness = await StartAsync(postgres);
        await ExportWorld.BuildAsync(harness.Hub);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);

        var vacancies = await harness.ManifestAsync(employer, await StartExportAsync(employer, "?purpose=matching&_type=vacancy"));
        var placements = await harness.ManifestAsync(employer, await StartExportAsync(employer, "?purpose=matching&_type=placement"));

        Assert.Equal([("vacancy", 1L)], Outputs(vacancies));
        Assert.Empty(Outputs(placements));
        var audit = (await AuditReader.ReadAllAsync(harness.Hub)).Where(e => e.Action == ExportRunner.Action).ToList();
        Assert.Contains(audit, e => e.Decision == "deny" && e.Rule == "agreement.none");
        Assert.DoesNotContain(audit, e => e.FieldsReleased.Any(f => f.StartsWith("graduate/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_export_since_an_instant_lists_in_deleted_the_withdrawals_of_subjects_the_caller_was_given_by_its_handle()
    {
        await using var harness = await StartAsync(postgres);
        var world = await ExportWorld.BuildAsync(harness.Hub);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);
        using var otherEmployer = harness.Hub.ClientFor(TestClients.EmployerB);
        using var steward = harness.Hub.ClientFor(TestClients.Steward);

        // The first employer is given the subject by a first export; the second never reads it.
        var first = await harness.ManifestAsync(employer, await StartExportAsync(employer, "?purpose=matching&_type=graduate"));
        var handle = (string)Assert.Single(await LinesAsync(employer, first, "graduate"))["subject"]!;
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromMilliseconds(20), TestTimeout.Token());
        using (var withdrawn = await steward.PostAsync(
            $"/v1/steward/consents/{world.Shared.ConsentSourceOrganisation}/{world.Shared.ConsentRecordId}/withdraw", null, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await harness.Hub.WaitForMergerAsync();

        var query = "?purpose=matching&_since=" + Uri.EscapeDataString(since.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var manifest = await harness.ManifestAsync(employer, await StartExportAsync(employer, query));
        var unseen = await harness.ManifestAsync(otherEmployer, await StartExportAsync(otherEmployer, query));

        // Nothing was received since; the withdrawal is the only news.
        Assert.Empty(Outputs(manifest));
        Assert.Equal([("deleted", 1L)], Outputs(manifest, "deleted"));
        var notice = Assert.Single(await LinesAsync(employer, manifest, "deleted"));
        Assert.Equal((handle, "consent.withdrawn"), ((string)notice["subject"]!, (string)notice["change"]!));
        Assert.Empty(Outputs(unseen, "deleted"));

        var audit = await AuditReader.ReadAllAsync(harness.Hub);
        Assert.Contains(audit, e => e.Rule == "notice.withdrawn" && e.SubjectHandle == handle && e.CallerClientId == TestClients.EmployerA.ClientId);
        Assert.DoesNotContain(audit, e => e.Rule == "notice.withdrawn" && e.CallerClientId == TestClients.EmployerB.ClientId);
    }

    [Fact]
    public async Task A_job_whose_worker_stopped_is_taken_up_again_once_its_lease_runs_out()
    {
        await using var harness = await StartAsync(postgres);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);
        var status = await StartExportAsync(employer, "?purpose=matching");
        var jobs = harness.Hub.Services.GetRequiredService<ExportJobStore>();
        var now = harness.Clock.GetUtcNow();

        var claimed = await jobs.ClaimAsync(now, harness.Options.Lease, TestTimeout.Token());
        var meanwhile = await jobs.ClaimAsync(now.AddSeconds(1), harness.Options.Lease, TestTimeout.Token());
        var resumed = await jobs.ClaimAsync(now + harness.Options.Lease + TimeSpan.FromSeconds(1), harness.Options.Lease, TestTimeout.Token());

        Assert.Equal(Guid.Parse(status.Segments[^1]), claimed?.JobId);
        Assert.Null(meanwhile);
        Assert.Equal(claimed!.JobId, resumed?.JobId);
        using var polled = await employer.GetAsync(status, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Accepted, polled.StatusCode);
        Assert.StartsWith("running", string.Join("", polled.Headers.GetValues("X-Progress")), StringComparison.Ordinal);
    }
}
