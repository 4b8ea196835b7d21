using Exchange.Access.Audit;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Access.Tests.Audit;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Concurrent_appenders_on_separate_connections_form_one_gapless_chain()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);

        // Eight "processes" (own data source, own pool) append one by one while two more append
        // in batches: 8 × 100 + 2 × 10 × 10 = 1,000 entries.
        var singles = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            var log = new PostgresAuditLog(dataSource);
            for (var i = 0; i < 100; i++)
            {
                await log.AppendAsync(AuditTestRecords.Numbered((worker * 100) + i + 1), cancellationToken);
            }
        }));
        var batches = Enumerable.Range(0, 2).Select(worker => Task.Run(async () =>
        {
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            var log = new PostgresAuditLog(dataSource);
            for (var batch = 0; batch < 10; batch++)
            {
                var first = 801 + (worker * 100) + (batch * 10);
                var sequences = await log.AppendManyAsync([.. Enumerable.Range(first, 10).Select(AuditTestRecords.Numbered)], cancellationToken);

                // A batch is consecutive even under contention: it holds the head for its whole transaction.
                Assert.Equal(Enumerable.Range(0, 10).Select(i => sequences[0] + i), sequences);
            }
        }));
        await Task.WhenAll(singles.Concat(batches));

        var verification = await AuditVerifier.VerifyAsync(database.DataSource, cancellationToken);
        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(1000, verification.Count);
        Assert.Equal(1000, verification.Head.Sequence);

        var entries = await database.ReadAllAsync(cancellationToken);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(AuditHash.Genesis, entries[0].PreviousHash);
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));

        // Every record landed exactly once.
        var expected = Enumerable.Range(1, 1000).Select(n => AuditTestRecords.Numbered(n).Action).Order(StringComparer.Ordinal);
        Assert.Equal(expected, entries.Select(e => e.Record.Action).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Appended_record_reads_back_as_written_to_the_microsecond()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        var record = AuditTestRecords.Numbered(7) with
        {
            At = new DateTimeOffset(2025, 3, 1, 16, 0, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567),
        };

        var sequence = await database.Log.AppendAsync(record, cancellationToken);

        var entry = Assert.Single(await database.ReadAllAsync(cancellationToken));
        Assert.Equal(1, sequence);
        Assert.Equal(AuditHash.Normalise(record.At), entry.Record.At);
        Assert.Equal(record.FieldsReleased, entry.Record.FieldsReleased);
        Assert.Equal(record with { At = entry.Record.At, FieldsReleased = entry.Record.FieldsReleased }, entry.Record);
        Assert.Equal(AuditHash.Compute(1, record, AuditHash.Genesis), entry.Hash);
        Assert.Equal(new AuditHead(1, entry.Hash), await database.Log.GetHeadAsync(cancellationToken));
    }

    [Fact]
    public async Task Empty_log_verifies_with_the_genesis_head()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);

        var verification = await AuditVerifier.VerifyAsync(database.DataSource, cancellationToken);

        Assert.True(verification.IsValid);
        Assert.Equal(0, verification.Count);
        Assert.Equal(AuditHead.Empty, verification.Head);
    }

    [Fact]
    public async Task Verify_walks_past_a_page_boundary()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        var head = await database.FillAsync(10_050, cancellationToken);

        var verification = await AuditVerifier.VerifyAsync(database.DataSource, head, cancellationToken);

        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(10_050, verification.Count);
    }
}
