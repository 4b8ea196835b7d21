using Exchange.Access.Audit;
using Exchange.Testing;

namespace Exchange.Access.Tests.Audit;

[Collection(PostgresCollection.Name)]
public sealed class GroupCommitAuditLogTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Appends_queued_while_a_commit_runs_go_into_the_next_commit_together()
    {
        var cancellationToken = TestTimeout.Token();
        var firstCommitMayEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCommitStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commits = new List<int>();
        var next = 0L;
        await using var log = new GroupCommitAuditLog(async (records, _) =>
        {
            lock (commits)
                commits.Add(records.Count);
            if (commits.Count == 1)
            {
                firstCommitStarted.SetResult();
                await firstCommitMayEnd.Task;
            }
            return [.. records.Select(_ => Interlocked.Increment(ref next))];
        });

        var first = log.AppendAsync(AuditTestRecords.Numbered(1), cancellationToken);
        await firstCommitStarted.Task.WaitAsync(cancellationToken);
        var queued = Enumerable.Range(2, 50).Select(n => log.AppendAsync(AuditTestRecords.Numbered(n), cancellationToken)).ToList();
        var batch = log.AppendManyAsync([AuditTestRecords.Numbered(60), AuditTestRecords.Numbered(61), AuditTestRecords.Numbered(62)], cancellationToken);
        firstCommitMayEnd.SetResult();

        Assert.Equal(1, await first);
        var sequences = await Task.WhenAll(queued);
        Assert.Equal(Enumerable.Range(2, 50).Select(n => (long)n), sequences);
        Assert.Equal([52L, 53L, 54L], await batch);
        Assert.Equal([1, 53], commits);
    }

    [Fact]
    public async Task A_record_the_guard_refuses_fails_its_own_caller_only()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        await using var log = new GroupCommitAuditLog(new PostgresAuditLog(database.DataSource));
        var carriesResidentId = AuditTestRecords.Numbered(2) with { SubjectHandle = "11010519491231002X" };

        var good = log.AppendAsync(AuditTestRecords.Numbered(1), cancellationToken);
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendManyAsync([AuditTestRecords.Numbered(3), carriesResidentId], cancellationToken));

        Assert.Equal(1, await good);
        var entries = await database.ReadAllAsync(cancellationToken);
        Assert.Equal([AuditTestRecords.Numbered(1).Action], entries.Select(e => e.Record.Action));
    }

    [Fact]
    public async Task A_failed_commit_fails_every_caller_in_it_and_the_next_commit_still_runs()
    {
        var cancellationToken = TestTimeout.Token();
        var failNext = true;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new List<string>();
        await using var log = new GroupCommitAuditLog(async (records, _) =>
        {
            if (failNext)
            {
                failNext = false;
                started.SetResult();
                await gate.Task;
                throw new InvalidOperationException("the database went away");
            }
            committed.AddRange(records.Select(r => r.Action));
            return [.. records.Select((_, i) => (long)committed.Count - records.Count + i + 1)];
        });

        var failed = log.AppendAsync(AuditTestRecords.Numbered(1), cancellationToken);
        await started.Task.WaitAsync(cancellationToken);
        var later = log.AppendAsync(AuditTestRecords.Numbered(2), cancellationToken);
        gate.SetResult();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal("the database went away", failure.Message);
        Assert.Equal(1, await later);
        Assert.Equal([AuditTestRecords.Numbered(2).Action], committed);
    }

    [Fact]
    public async Task Concurrent_callers_through_two_group_logs_form_one_gapless_chain()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        // Two "processes" share the head's row lock; each groups its own callers.
        await using var one = new GroupCommitAuditLog(new PostgresAuditLog(database.DataSource));
        await using var two = new GroupCommitAuditLog(new PostgresAuditLog(database.DataSource));
        var appends = Enumerable.Range(1, 400).Select(n => Task.Run(() => (n % 2 == 0 ? one : two).AppendAsync(AuditTestRecords.Numbered(n), cancellationToken)));
        var sequences = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), sequences.Order());
        var verification = await AuditVerifier.VerifyAsync(database.DataSource, cancellationToken);
        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(400, verification.Count);
    }

    [Fact]
    public async Task Disposing_appends_what_was_queued_and_refuses_what_comes_after()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        var log = new GroupCommitAuditLog(new PostgresAuditLog(database.DataSource));
        var queued = Enumerable.Range(1, 20).Select(n => log.AppendAsync(AuditTestRecords.Numbered(n), cancellationToken)).ToList();

        await log.DisposeAsync();

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), (await Task.WhenAll(queued)).Order());
        Assert.Equal(20, (await database.ReadAllAsync(cancellationToken)).Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(AuditTestRecords.Numbered(21), cancellationToken));
    }
}
