using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Exchange.Hub.Ingest;

/// <summary>A stored answer to a request that carried an <c>Idempotency-Key</c>.</summary>
internal sealed record IdempotentAnswer(string RequestHash, int StatusCode, string Body);

/// <summary>
/// Remembers the answer to each keyed push, per client, so a retry after a lost response gets
/// the first answer and appends nothing again.
/// </summary>
internal sealed class IdempotentAnswers(NpgsqlDataSource dataSource)
{
    private const string FindSql = """
        select request_hash as RequestHash, status_code as StatusCode, body as Body
        from idempotent_answer where client_id = @ClientId and idempotency_key = @Key
        """;

    // First writer wins: two concurrent retries store one answer; the loser's answer is not kept.
    private const string StoreSql = """
        insert into idempotent_answer (client_id, idempotency_key, request_hash, status_code, body)
        values (@ClientId, @Key, @RequestHash, @StatusCode, @Body)
        on conflict (client_id, idempotency_key) do nothing
        """;

    public static string HashRequest(string method, string path, string? contentType, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{method}\n{path}\n{contentType}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<IdempotentAnswer?> FindAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IdempotentAnswer>(
            new CommandDefinition(FindSql, new { ClientId = clientId, Key = key }, cancellationToken: cancellationToken));
    }

    public async Task StoreAsync(string clientId, string key, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(StoreSql,
            new { ClientId = clientId, Key = key, answer.RequestHash, answer.StatusCode, answer.Body }, cancellationToken: cancellationToken));
    }
}
