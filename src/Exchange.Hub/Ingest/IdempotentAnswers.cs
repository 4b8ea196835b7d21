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

    // Held for as long as one request with the key is being answered, on every instance: a
    // session lock, so that it is released with the connection when the process dies.
    private const string ClaimSql = "select pg_advisory_lock(hashtextextended(@ClientId || chr(10) || @Key, 7301))";
    private const string ReleaseSql = "select pg_advisory_unlock(hashtextextended(@ClientId || chr(10) || @Key, 7301))";

    /// <summary>
    /// Waits until no other request with this key is being answered, by this instance or another
    /// sharing the database, and holds the key until disposed. A request that held it and died
    /// (the process killed) released it with its connection.
    /// </summary>
    public async Task<IAsyncDisposable> ClaimAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(ClaimSql, new { ClientId = clientId, Key = key }, cancellationToken: cancellationToken));
            return new Claim(connection, clientId, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The envelope ids of a keyed request's records: derived from the client, the key and the
    /// request, so that a retry after a crash seals every record with the id the first attempt
    /// gave it (RFC 9562 version 8: the bits are the hash's).
    /// </summary>
    public static Func<int, Guid> EnvelopeIdsFor(string clientId, string key, string requestHash) => index =>
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{clientId}\n{key}\n{requestHash}\n{index}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    };

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

    // Released explicitly: a pooled connection's state is reset only when it is next used.
    private sealed class Claim(NpgsqlConnection connection, string clientId, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.ExecuteAsync(ReleaseSql, new { ClientId = clientId, Key = key });
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
