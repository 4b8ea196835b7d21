using Dapper;
using Npgsql;

namespace Exchange.Access.Agreements;

/// <summary>
/// Data-sharing agreements in PostgreSQL, versioned and append-only: every write inserts a
/// version, nothing is updated in place, and a stale expected version comes back as a
/// <see cref="AgreementWriteStatus.Conflict"/> result.
/// </summary>
public sealed class AgreementStore : IPolicyChangeSource
{
    private const string InsertSql = """
        insert into agreement (id, version, provider_organisation, grantee_organisation, grantee_role, categories, purposes,
                               valid_from, valid_through, legal_basis, on_withdrawal, legal_basis_type, recorded_at, recorded_by, status)
        values (@Id, @Version, @ProviderOrganisation, @GranteeOrganisation, @GranteeRole, @Categories, @Purposes,
                @ValidFrom::date, @ValidThrough::date, @LegalBasis, @OnWithdrawal, @LegalBasisType, @RecordedAt, @RecordedBy, @Status)
        """;

    private const string LatestSql = $"select {AgreementRow.Columns} from agreement where id = @Id order by version desc limit 1";

    private const string HistorySql = $"select {AgreementRow.Columns} from agreement where id = @Id order by version";

    // The version in force at an instant is the last one recorded by then; it is current when
    // it is active and the instant's day falls in its validity period.
    private const string CurrentSql = $"""
        select {AgreementRow.Columns} from (
          select distinct on (id) * from agreement where recorded_at <= @AsOf order by id, version desc
        ) latest
        where status = 'active' and @Day::date between valid_from and valid_through
        order by id
        """;

    private const string AllVersionsSql = $"select {AgreementRow.Columns} from agreement order by id, version";

    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    public AgreementStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <summary>Records version 1 of a new agreement.</summary>
    public async Task<AgreementWriteResult> CreateAsync(AgreementTerms terms, string recordedBy, CancellationToken cancellationToken)
    {
        if (terms.Invalidity() is { } reason)
        {
            return new AgreementWriteResult(AgreementWriteStatus.Invalid, null, reason);
        }

        var agreement = new DataSharingAgreement(Guid.CreateVersion7(), 1, terms, Now(), recordedBy, AgreementStatus.Active);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertAsync(connection, transaction, agreement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        OnChanged();
        return new AgreementWriteResult(AgreementWriteStatus.Recorded, agreement);
    }

    /// <summary>Records a new version with new terms, provided <paramref name="expectedVersion"/> is still the latest.</summary>
    public Task<AgreementWriteResult> ReviseAsync(Guid id, int expectedVersion, AgreementTerms terms, string recordedBy, CancellationToken cancellationToken) =>
        terms.Invalidity() is { } reason
            ? Task.FromResult(new AgreementWriteResult(AgreementWriteStatus.Invalid, null, reason))
            : AppendAsync(id, expectedVersion, _ => terms, AgreementStatus.Active, recordedBy, cancellationToken);

    /// <summary>Records a revoking version (same terms, status revoked), provided <paramref name="expectedVersion"/> is still the latest.</summary>
    public Task<AgreementWriteResult> RevokeAsync(Guid id, int expectedVersion, string recordedBy, CancellationToken cancellationToken) =>
        AppendAsync(id, expectedVersion, latest => latest.Terms, AgreementStatus.Revoked, recordedBy, cancellationToken);

    /// <summary>The latest version, or null.</summary>
    public async Task<DataSharingAgreement?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await LatestAsync(connection, null, id, cancellationToken);
    }

    /// <summary>Every version, oldest first; empty when no agreement has this id.</summary>
    public async Task<IReadOnlyList<DataSharingAgreement>> GetHistoryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AgreementRow>(new CommandDefinition(HistorySql, new { Id = id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAgreement())];
    }

    /// <summary>The agreements in force and valid at <paramref name="asOf"/>: the version recorded last by then, when active and in its validity period.</summary>
    public async Task<IReadOnlyList<DataSharingAgreement>> ListCurrentAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var day = PolicyCalendar.DayOf(asOf).ToDateTime(TimeOnly.MinValue);
        var rows = await connection.QueryAsync<AgreementRow>(
            new CommandDefinition(CurrentSql, new { AsOf = asOf.UtcDateTime, Day = day }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAgreement())];
    }

    /// <summary>Every version of every agreement, for a policy snapshot that judges any instant.</summary>
    public async Task<IReadOnlyList<DataSharingAgreement>> ListAllVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AgreementRow>(new CommandDefinition(AllVersionsSql, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAgreement())];
    }

    private async Task<AgreementWriteResult> AppendAsync(
        Guid id, int expectedVersion, Func<DataSharingAgreement, AgreementTerms> terms, AgreementStatus status, string recordedBy,
        CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var latest = await LatestAsync(connection, transaction, id, cancellationToken);
        if (latest is null)
        {
            return new AgreementWriteResult(AgreementWriteStatus.NotFound, null);
        }

        if (latest.Version != expectedVersion)
        {
            return new AgreementWriteResult(AgreementWriteStatus.Conflict, latest);
        }

        if (latest.Status == AgreementStatus.Revoked)
        {
            return new AgreementWriteResult(AgreementWriteStatus.Revoked, latest);
        }

        var next = new DataSharingAgreement(id, latest.Version + 1, terms(latest), Now(), recordedBy, status);
        try
        {
            await InsertAsync(connection, transaction, next, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            // Another writer inserted the same version number between our read and our insert.
            return new AgreementWriteResult(AgreementWriteStatus.Conflict, await GetAsync(id, cancellationToken));
        }

        OnChanged();
        return new AgreementWriteResult(AgreementWriteStatus.Recorded, next);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DataSharingAgreement agreement, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, AgreementRow.From(agreement), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(PolicyChanges.NotifySql, new { Payload = "agreement" }, transaction, cancellationToken: cancellationToken));
    }

    private static async Task<DataSharingAgreement?> LatestAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<AgreementRow>(
            new CommandDefinition(LatestSql, new { Id = id }, transaction, cancellationToken: cancellationToken));
        return row?.ToAgreement();
    }

    private DateTimeOffset Now() => DatabaseTime.Truncate(_time.GetUtcNow());

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
