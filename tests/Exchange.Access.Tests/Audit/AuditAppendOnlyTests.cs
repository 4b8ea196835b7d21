using Exchange.Access.Audit;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Access.Tests.Audit;

[Collection(PostgresCollection.Name)]
public sealed class AuditAppendOnlyTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData("update audit_entry set decision = 'permit'")]
    [InlineData("delete from audit_entry where sequence = 2")]
    [InlineData("truncate audit_entry")]
    [InlineData("delete from audit_head")]
    [InlineData("truncate audit_head")]
    public async Task Refuses_changing_the_log_even_for_its_owner(string sql)
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        var head = await database.FillAsync(3, cancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(sql, cancellationToken));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        var verification = await AuditVerifier.VerifyAsync(database.DataSource, cancellationToken);
        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(head, verification.Head);
    }

    [Theory]
    [InlineData("update audit_head set sequence = 1, hash = (select hash from audit_entry where sequence = 1)")]
    [InlineData("update audit_head set sequence = 3, hash = repeat('a', 64)")]
    [InlineData("update audit_head set sequence = 4, hash = repeat('a', 64)")]
    public async Task Refuses_moving_the_head_backwards_or_off_the_chain(string sql)
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        await database.FillAsync(3, cancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(sql, cancellationToken));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Refuses_a_second_head_row()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);

        await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            "insert into audit_head (id, sequence, hash) values (false, 0, repeat('0', 64))", cancellationToken));
    }
}
