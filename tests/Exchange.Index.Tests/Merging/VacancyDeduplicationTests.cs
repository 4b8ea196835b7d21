using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Index.Tests.Merging;

/// <summary>The same job from an employer's HR system and from a JobPosting feed is one job with both channel references.</summary>
[Collection(PostgresCollection.Name)]
public sealed class VacancyDeduplicationTests(PostgresFixture postgres)
{
    private const string HrSystem = "914403001922038216";
    private const string JobFeed = "91110108MA01XXXX0H";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
    private long _offset;

    [Fact]
    public async Task The_same_job_from_two_channels_is_one_job_and_a_later_or_elsewhere_opening_is_another()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var hr = Vacancy(HrSystem, "HR-1", "Java 开发工程师（校招）", "2026-07-01", "2026-09-30", "440305");
        var feed = Vacancy(JobFeed, "https://jobs.example.cn/p/77", "ＪＡＶＡ开发工程师(校招)", "2026-07-15", "2026-10-31", "440305");
        var nextYear = Vacancy(JobFeed, "https://jobs.example.cn/p/78", "Java开发工程师（校招）", "2027-07-01", "2027-09-30", "440305");
        var elsewhere = Vacancy(HrSystem, "HR-2", "Java 开发工程师（校招）", "2026-07-01", "2026-09-30", "110101");

        await merger.MergeAsync([Next(hr), Next(feed), Next(nextYear), Next(elsewhere)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var jobs = (await connection.QueryAsync<(long JobId, string[] Channels, DateTime ValidThrough)>(
            "select job_id, channels, valid_through from job_postings order by job_id")).ToList();
        Assert.Equal(3, jobs.Count);
        Assert.Equal([$"{JobFeed}/https://jobs.example.cn/p/77", $"{HrSystem}/HR-1"], jobs[0].Channels);
        Assert.Equal(new DateTime(2026, 10, 31), jobs[0].ValidThrough);
        Assert.All(jobs.Skip(1), j => Assert.Single(j.Channels));

        // The feed corrects the region of its posting: it leaves the job, and the job keeps the HR channel.
        _clock.Advance(TimeSpan.FromHours(1));
        await merger.MergeAsync([Next(Vacancy(JobFeed, "https://jobs.example.cn/p/77", "ＪＡＶＡ开发工程师(校招)", "2026-07-15", "2026-10-31", "440304"))],
            TestTimeout.Token());
        Assert.Equal([$"{HrSystem}/HR-1"], (await connection.ExecuteScalarAsync<string[]>("select channels from job_postings where job_id = @Id", new { Id = jobs[0].JobId }))!);
    }

    private MergeInput Next(Core.Envelope.RecordEnvelope envelope) => new(new LogPosition(Topics.For(envelope.Kind), 0, _offset++), envelope);

    private Core.Envelope.RecordEnvelope Vacancy(string source, string recordId, string title, string validFrom, string validThrough, string region)
    {
        var vacancy = IndexTestData.Sample("vacancy");
        vacancy["recordId"] = recordId;
        vacancy["employerCreditCode"] = HrSystem;
        vacancy["title"] = title;
        vacancy["validFrom"] = validFrom;
        vacancy["validThrough"] = validThrough;
        vacancy["workRegion"] = region;
        _clock.Advance(TimeSpan.FromSeconds(1));
        return new Pseudonymiser(new LinkageKeys(new byte[32]), _clock)
            .Seal(RecordJson.Deserialize(RecordKind.Vacancy, JsonSerializer.SerializeToUtf8Bytes(vacancy)), RecordKind.Vacancy, source);
    }
}
