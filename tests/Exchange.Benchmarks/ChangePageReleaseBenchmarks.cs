using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Benchmarks.Ingest;
using Exchange.Benchmarks.Read;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Benchmarks;

/// <summary>
/// The release service's own part of a change-feed page of 100, as the read benchmark's subscriber
/// meets it: a matcher under one agreement, 30 % of the subjects consenting, so that a page judges
/// about 333 graduate records (created or updated) to release 100. The audit log and the handle
/// directory take the page's entries and drop them, so what is measured is deciding, masking and
/// preparing the audit entries — the step the read benchmark times as the release share.
/// </summary>
[MemoryDiagnoser]
public class ChangePageReleaseBenchmarks
{
    private const int Subjects = 100_000;
    private const int PageSize = 100;
    private const string University = SyntheticGraduates.Organisation;
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly HashSet<DataCategory> Released = ReadBenchmark.Released;

    private ReleaseService _release = null!;
    private ChangeReleaseRequest _request = null!;
    private ChangeCandidate[] _changes = [];
    private readonly ArrayBufferWriter<byte> _output = new();

    [GlobalSetup]
    public void Setup()
    {
        var agreement = new DataSharingAgreement(Guid.NewGuid(), 1,
            new AgreementTerms(null, Grantee.OfRole(PartyRole.Matcher), Released, new HashSet<Purpose> { Purpose.Matching },
                new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "Provincial employment department approval 2026-001"),
            Now.AddDays(-30), "steward", AgreementStatus.Active);
        var consents = Enumerable.Range(0, Subjects).Where(Consents).Select(s => new ConsentGrant(
            Key(s), Grantee.OfRole(PartyRole.Matcher), new HashSet<Purpose> { Purpose.Matching }, Released,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ConsentStatus.Active, Now.AddDays(-10), null,
            new GrantEvidence("online-click", $"c{s}"), $"c{s}", University));
        var handles = new SubjectHandles([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        var snapshot = PolicySnapshot.Create([agreement], consents);
        _release = new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), handles), new DroppingAuditLog(), handles,
            new DroppingHandleDirectory(), new ReleaseTelemetry(new TestMeters()));
        _request = new ChangeReleaseRequest(new ClientIdentity("matcher-client", "91440300MA5G0XYZ1K", PartyRole.Matcher, new HashSet<string>()),
            Purpose.Matching, "GET /v1/changes", Now) { ReleaseAtMost = PageSize };

        // The ingest benchmark's graduates, resident ids included, so that masking has one to strip from each.
        var records = SyntheticGraduates.Create(4 * PageSize);
        var sources = new[] { new ChangedRecordSource("graduate", University) };
        _changes = [.. records.Select((record, i) => new ChangeCandidate(
            i + 1, i % 3 == 0 ? ChangeTypes.RecordUpdated : ChangeTypes.RecordCreated, Now.AddMinutes(-i), Key(i * 7919 % Subjects), null,
            new ChangedRecordCandidate("graduate", University, JsonElement.Parse(record)), sources, null))];
        if (_changes.Count(c => Consents(int.Parse(c.SubjectKey!.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture))) < PageSize)
            throw new InvalidOperationException("The changes hold fewer consenting subjects than a page.");
    }

    /// <summary>One page: judges changes until 100 are released, and writes them out as JSON, where a masked record is last touched.</summary>
    [Benchmark]
    public async Task<int> ReleasePage()
    {
        var released = await _release.ReleaseChangesAsync(_request, _changes, CancellationToken.None);
        _output.ResetWrittenCount();
        await using var writer = new Utf8JsonWriter(_output);
        JsonSerializer.Serialize(writer, released);
        return _output.WrittenCount;
    }

    private static bool Consents(int subject) => subject % 10 < 3;

    private static string Key(int subject) => $"lk_{subject:D8}";

    private sealed class DroppingAuditLog : IAuditLog
    {
        public Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken) => Task.FromResult(0L);

        public Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<long>>(new long[records.Count]);
    }

    private sealed class DroppingHandleDirectory : IHandleDirectory
    {
        public Task RememberAsync(IReadOnlyCollection<IssuedHandle> handles, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<string?> ResolveAsync(string organisation, string handle, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task<string?> ResolveForStewardAsync(string handle, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
