using System.Text.Json;
using Dapper;
using Npgsql;

namespace Exchange.Hub.Export;

/// <summary>The export jobs in <c>export_job</c>: accepted at kick-off, claimed and advanced by a worker, read by polls.</summary>
internal sealed class ExportJobStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        job_id as JobId, client_id as ClientId, organisation as Organisation, role as Role, purpose as Purpose, types as Types, since as Since,
        request as Request, base_url as BaseUrl, state as State, requested_at as RequestedAt, transaction_time as TransactionTime, progress as Progress,
        expires_at as ExpiresAt, outputs::text as Outputs, deleted::text as Deleted, failure as Failure
        """;

    // The advisory lock serialises one client's kick-offs, so two at once cannot both slip under the limit.
    private const string LockClientSql = "select pg_advisory_xact_lock(hashtextextended('export_job:' || @ClientId, 0))";

    private const string CountActiveSql = "select count(*) from export_job where client_id = @ClientId and state in ('accepted', 'running')";

    private const string InsertSql = """
        insert into export_job (job_id, client_id, organisation, role, purpose, types, since, request, base_url, state, requested_at, progress)
        values (@JobId, @ClientId, @Organisation, @Role, @Purpose, @Types, @Since, @Request, @BaseUrl, 'accepted', @RequestedAt, 'accepted: waiting for a worker')
        """;

    private const string FindSql = $"select {Columns} from export_job where job_id = @JobId";

    private const string ClaimSql = $"""
        update export_job set state = 'running', lease_until = @LeaseUntil, transaction_time = @Now, progress = 'running: started'
        where job_id = (
          select job_id from export_job
          where state = 'accepted' or (state = 'running' and lease_until < @Now)
          order by requested_at
          limit 1
          for update skip locked)
        returning {Columns}
        """;

    private const string ProgressSql = """
        update export_job set progress = @Progress, lease_until = @LeaseUntil
        where job_id = @JobId and state = 'running'
        """;

    private const string CompleteSql = """
        update export_job set state = 'completed', progress = null, lease_until = null, completed_at = @Now, expires_at = @ExpiresAt,
                              outputs = @Outputs::jsonb, deleted = @Deleted::jsonb
        where job_id = @JobId and state = 'running'
        """;

    private const string FailSql = """
        update export_job set state = 'failed', progress = null, lease_until = null, completed_at = @Now, failure = @Failure
        where job_id = @JobId and state = 'running'
        """;

    private const string CancelSql = """
        update export_job set state = 'cancelled', progress = null, lease_until = null
        where job_id = @JobId and client_id = @ClientId and state in ('accepted', 'running', 'completed', 'failed')
        returning job_id
        """;

    private const string ExpireSql = """
        update export_job set state = 'expired'
        where job_id in (select job_id from export_job where state = 'completed' and expires_at <= @Now order by expires_at limit 100)
        returning job_id
        """;

    /// <summary>Records an accepted job unless the client already has <paramref name="maxActive"/> accepted or running; false then.</summary>
    public async Task<bool> TryAcceptAsync(ExportJob job, int maxActive, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(LockClientSql, new { job.ClientId }, transaction, cancellationToken: cancellationToken));
        var active = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountActiveSql, new { job.ClientId }, transaction, cancellationToken: cancellationToken));
        if (active >= maxActive)
            return false;
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            job.JobId, job.ClientId, job.Organisation, job.Role, job.Purpose, Types = job.Types.ToArray(), Since = job.Since?.UtcDateTime,
            job.Request, job.BaseUrl, RequestedAt = job.RequestedAt.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The job, or null when there is none with this id.</summary>
    public async Task<ExportJob?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { JobId = jobId }, cancellationToken: cancellationToken));
        return row?.ToJob();
    }

    /// <summary>Takes the oldest accepted job, or a running one whose worker let its lease run out, for this worker; null when there is none.</summary>
    public async Task<ExportJob?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ClaimSql,
            new { Now = now.UtcDateTime, LeaseUntil = (now + lease).UtcDateTime }, cancellationToken: cancellationToken));
        return row?.ToJob();
    }

    /// <summary>Says how far the job got and renews the lease; false when the job is no longer running (its client cancelled it).</summary>
    public async Task<bool> ReportProgressAsync(Guid jobId, string progress, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(ProgressSql,
            new { JobId = jobId, Progress = progress, LeaseUntil = leaseUntil.UtcDateTime }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Marks the job completed with its files; false when it was cancelled meanwhile.</summary>
    public async Task<bool> CompleteAsync(Guid jobId, IReadOnlyList<ExportFile> outputs, IReadOnlyList<ExportFile> deleted, DateTimeOffset now, DateTimeOffset expiresAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            JobId = jobId, Now = now.UtcDateTime, ExpiresAt = expiresAt.UtcDateTime,
            Outputs = JsonSerializer.Serialize(outputs, JsonSerializerOptions.Web), Deleted = JsonSerializer.Serialize(deleted, JsonSerializerOptions.Web),
        }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Marks the job failed with a reason safe to show its client.</summary>
    public async Task FailAsync(Guid jobId, string failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(FailSql, new { JobId = jobId, Failure = failure, Now = now.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>Cancels the client's job (or withdraws a finished one); false when the client has no such job to cancel.</summary>
    public async Task<bool> CancelAsync(Guid jobId, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(CancelSql, new { JobId = jobId, ClientId = clientId }, cancellationToken: cancellationToken)) is not null;
    }

    /// <summary>Marks completed jobs past their lifetime expired (a hundred at a time); returns them, so that their files are removed.</summary>
    public async Task<IReadOnlyList<Guid>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition(ExpireSql, new { Now = now.UtcDateTime }, cancellationToken: cancellationToken))];
    }

    // Npgsql reads timestamptz as a UTC DateTime; a class with setters, since Dapper hands a text[] over as an Array no constructor matches.
    private sealed class Row
    {
        public Guid JobId { get; set; }
        public string ClientId { get; set; } = "";
        public string Organisation { get; set; } = "";
        public string Role { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string[] Types { get; set; } = [];
        public DateTime? Since { get; set; }
        public string Request { get; set; } = "";
        public string BaseUrl { get; set; } = "";
        public string State { get; set; } = "";
        public DateTime RequestedAt { get; set; }
        public DateTime? TransactionTime { get; set; }
        public string? Progress { get; set; }
        public DateTime? ExpiresAt { get; set; }
        public string? Outputs { get; set; }
        public string? Deleted { get; set; }
        public string? Failure { get; set; }

        public ExportJob ToJob() => new(JobId, ClientId, Organisation, Role, Purpose, Types, Utc(Since), Request, BaseUrl, State, Utc(RequestedAt)!.Value,
            Utc(TransactionTime), Progress, Utc(ExpiresAt), Files(Outputs), Files(Deleted), Failure);

        private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

        private static IReadOnlyList<ExportFile> Files(string? json) =>
            json is null ? [] : JsonSerializer.Deserialize<List<ExportFile>>(json, JsonSerializerOptions.Web) ?? [];
    }
}
