using Exchange.Access.Audit;
using Exchange.Testing;

namespace Exchange.Access.Tests.Audit;

[Collection(PostgresCollection.Name)]
public sealed class AuditQueryTests(PostgresFixture fixture)
{
    private const int Count = 100;

    // Entry n is AuditTestRecords.Numbered(n): the fill appends them in order.
    private static readonly IEnumerable<long> All = Enumerable.Range(1, Count).Select(n => (long)n);

    [Fact]
    public async Task Filters_by_subject_handle()
    {
        var (query, cancellationToken) = await FilledAsync();

        var sequences = await ReadAllAsync(query, new AuditQueryFilter(SubjectHandle: "h_02"), 1000, cancellationToken);

        Assert.Equal(All.Where(n => n % 5 == 2), sequences);
    }

    [Fact]
    public async Task Filters_by_caller_client_id_or_organisation()
    {
        var (query, cancellationToken) = await FilledAsync();

        var byClient = await ReadAllAsync(query, new AuditQueryFilter(Caller: "client-1"), 1000, cancellationToken);
        var byOrganisation = await ReadAllAsync(query, new AuditQueryFilter(Caller: "91110000MA01XYZ12"), 1000, cancellationToken);

        Assert.Equal(All.Where(n => n % 3 == 1), byClient);
        Assert.Equal(All.Where(n => n % 2 == 1), byOrganisation);
    }

    [Fact]
    public async Task Filters_by_half_open_time_range()
    {
        var (query, cancellationToken) = await FilledAsync();
        var filter = new AuditQueryFilter(From: AuditTestRecords.Start.AddSeconds(10), Until: AuditTestRecords.Start.AddSeconds(20));

        var sequences = await ReadAllAsync(query, filter, 1000, cancellationToken);

        Assert.Equal(All.Where(n => n is >= 10 and < 20), sequences);
    }

    [Fact]
    public async Task Filters_by_decision_and_by_rule()
    {
        var (query, cancellationToken) = await FilledAsync();

        var denied = await ReadAllAsync(query, new AuditQueryFilter(Decision: "deny"), 1000, cancellationToken);
        var allowed = await ReadAllAsync(query, new AuditQueryFilter(Rule: "agreement.allows"), 1000, cancellationToken);

        Assert.Equal(All.Where(n => n % 4 == 0), denied);
        Assert.Equal(All.Where(n => n % 4 != 0), allowed);
    }

    [Fact]
    public async Task Filters_by_the_start_of_the_action_taking_wildcards_literally()
    {
        var (query, cancellationToken) = await FilledAsync();

        var onOneHandle = await ReadAllAsync(query, new AuditQueryFilter(Action: "GET /v1/graduates/h_03"), 1000, cancellationToken);
        var wildcard = await ReadAllAsync(query, new AuditQueryFilter(Action: "GET /v1/graduates/h%"), 1000, cancellationToken);
        var underscore = await ReadAllAsync(query, new AuditQueryFilter(Action: "GET /v1/graduates/h_0_"), 1000, cancellationToken);

        Assert.Equal(All.Where(n => n % 5 == 3), onOneHandle);
        Assert.Empty(wildcard);
        Assert.Empty(underscore);
    }

    [Fact]
    public async Task Combines_filters()
    {
        var (query, cancellationToken) = await FilledAsync();
        var filter = new AuditQueryFilter("h_01", "client-2", AuditTestRecords.Start.AddSeconds(30), null);

        var sequences = await ReadAllAsync(query, filter, 1000, cancellationToken);

        Assert.Equal(All.Where(n => n % 5 == 1 && n % 3 == 2 && n >= 30), sequences);
    }

    [Fact]
    public async Task Pages_by_sequence_until_the_last_page()
    {
        var (query, cancellationToken) = await FilledAsync();
        var filter = new AuditQueryFilter(SubjectHandle: "h_03");

        var first = await query.ReadAsync(filter, 0, 7, cancellationToken);
        var second = await query.ReadAsync(filter, first.NextAfter!.Value, 7, cancellationToken);
        var all = await ReadAllAsync(query, filter, 7, cancellationToken);

        Assert.Equal([3, 8, 13, 18, 23, 28, 33], first.Entries.Select(e => e.Sequence));
        Assert.Equal(33, first.NextAfter);
        Assert.Equal([38, 43, 48, 53, 58, 63, 68], second.Entries.Select(e => e.Sequence));
        Assert.Equal(All.Where(n => n % 5 == 3), all);
    }

    [Fact]
    public async Task Last_page_says_there_is_no_next()
    {
        var (query, cancellationToken) = await FilledAsync();

        var page = await query.ReadAsync(new AuditQueryFilter(), 95, 10, cancellationToken);

        Assert.Equal([96, 97, 98, 99, 100], page.Entries.Select(e => e.Sequence));
        Assert.Null(page.NextAfter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Refuses_a_limit_outside_one_to_a_thousand(int limit)
    {
        var (query, cancellationToken) = await FilledAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => query.ReadAsync(new AuditQueryFilter(), 0, limit, cancellationToken));
    }

    [Fact]
    public async Task Returns_entries_with_their_chain_fields()
    {
        var (query, cancellationToken) = await FilledAsync();

        var page = await query.ReadAsync(new AuditQueryFilter(SubjectHandle: "h_00"), 0, 1, cancellationToken);

        var entry = Assert.Single(page.Entries);
        Assert.Equal(5, entry.Sequence);
        Assert.Equal(AuditTestRecords.Numbered(5).Action, entry.Record.Action);
        Assert.Equal(AuditHash.Compute(entry.Sequence, entry.Record, entry.PreviousHash), entry.Hash);
    }

    private static async Task<List<long>> ReadAllAsync(AuditQuery query, AuditQueryFilter filter, int limit, CancellationToken cancellationToken)
    {
        var sequences = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await query.ReadAsync(filter, after, limit, cancellationToken);
            Assert.True(page.Entries.Count <= limit);
            sequences.AddRange(page.Entries.Select(e => e.Sequence));
            if (page.NextAfter is not { } next)
            {
                return sequences;
            }

            after = next;
        }
    }

    private async Task<(AuditQuery Query, CancellationToken CancellationToken)> FilledAsync()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        await database.FillAsync(Count, cancellationToken);
        return (new AuditQuery(database.DataSource), cancellationToken);
    }
}
