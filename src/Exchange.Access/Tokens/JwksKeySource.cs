using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;

namespace Exchange.Access.Tokens;

/// <summary>
/// The signing keys of one trusted issuer, loaded from its JWKS (a file or an address), cached,
/// and reloaded on <see cref="TrustedIssuerOptions.JwksRefreshInterval"/> so that keys rotate
/// without a restart. An unknown <c>kid</c> triggers at most one reload per
/// <see cref="UnknownKeyRefreshInterval"/>, so that a client spraying key ids cannot make the
/// hub hammer the issuer. A JWKS that fails to load keeps the last good keys.
/// </summary>
/// <remarks>
/// <para>
/// Keys are found only by <c>kid</c> among the keys this issuer's JWKS lists. Nothing a token
/// carries (<c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c>) is ever fetched or trusted.
/// </para>
/// <para>
/// Every wait runs on the injected <see cref="TimeProvider"/>, the refresh timer and the fetch
/// timeout alike, so that on a fake clock a test decides when either fires.
/// </para>
/// </remarks>
public sealed class JwksKeySource : IDisposable
{
    /// <summary>The shortest time between two reloads caused by an unknown <c>kid</c>.</summary>
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly TrustedIssuerOptions _options;
    private readonly HttpClient? _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _sync = new();
    private volatile IReadOnlyDictionary<string, JwksKey> _keys = new Dictionary<string, JwksKey>(StringComparer.Ordinal);
    // Guarded by _sync. _inflight is the latest load, running or finished; _first the first one,
    // whoever started it (a lookup, the timer or RefreshAsync).
    private Task<bool>? _inflight;
    private Task<bool>? _first;
    private DateTimeOffset _lastUnknownKeyRefresh = DateTimeOffset.MinValue;

    /// <summary>Creates the source; the first load happens on first use or on <see cref="RefreshAsync"/>.</summary>
    /// <param name="issuer">The issuer and where its JWKS is.</param>
    /// <param name="httpClient">Client for <see cref="TrustedIssuerOptions.JwksUrl"/>; when null one is created and owned.</param>
    /// <param name="timeProvider">Clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where load failures are reported.</param>
    public JwksKeySource(TrustedIssuerOptions issuer, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        _options = issuer;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        if (issuer.JwksUrl is not null)
        {
            _ownsHttp = httpClient is null;
            // No redirects: the JWKS address is configuration, not something a response may change.
            _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        }
        _timer = _time.CreateTimer(_ => _ = RefreshSharedAsync(), null, issuer.JwksRefreshInterval, issuer.JwksRefreshInterval);
    }

    /// <summary>The issuer these keys belong to.</summary>
    public string Issuer => _options.Issuer;

    /// <summary>The key ids currently known.</summary>
    public IReadOnlyCollection<string> KeyIds => [.. _keys.Keys];

    /// <summary>Reloads the JWKS now, or joins the load already running; false when it failed (the last good keys are kept).</summary>
    public Task<bool> RefreshAsync(CancellationToken cancellationToken) => RefreshSharedAsync().WaitAsync(cancellationToken);

    /// <summary>
    /// The key with this id; on a miss the JWKS is reloaded once, unless a miss already caused a
    /// reload within <see cref="UnknownKeyRefreshInterval"/>. A miss before the first load has
    /// finished is answered by that load alone.
    /// </summary>
    internal async ValueTask<JwksKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(kid, out var key))
            return key;
        Task<bool>? load = null;
        lock (_sync)
        {
            if (_first is not { IsCompleted: true })
            {
                // A lookup that starts or meets the first load is answered by it, found or not: a
                // second fetch at once would bring the same document, or fail the same way.
                load = _first ?? StartOrJoinLoad();
            }
            else if (_keys.TryGetValue(kid, out key))
            {
                // The first load finished after the lookup above: what it brought is no miss.
                return key;
            }
            else
            {
                var now = _time.GetUtcNow();
                if (now - _lastUnknownKeyRefresh >= UnknownKeyRefreshInterval)
                {
                    _lastUnknownKeyRefresh = now;
                    load = StartOrJoinLoad();
                }
            }
        }
        if (load is null)
        {
            TokenLog.UnknownKidRefreshSuppressed(_logger, _options.Issuer);
            return null;
        }
        await load.WaitAsync(cancellationToken);
        return _keys.GetValueOrDefault(kid);
    }

    /// <summary>The cached key with this id, without any I/O.</summary>
    internal bool TryGetKey(string kid, out JwksKey key) => _keys.TryGetValue(kid, out key!);

    /// <summary>
    /// The latest load, running or finished; null before the first. Lets a caller await the
    /// refresh that a timer tick started, e.g. after advancing a fake clock.
    /// </summary>
    internal Task<bool>? LatestLoad
    {
        get
        {
            lock (_sync)
                return _inflight;
        }
    }

    private Task<bool> RefreshSharedAsync()
    {
        lock (_sync)
            return StartOrJoinLoad();
    }

    // One load at a time: callers arriving while a load runs share its result. Called under _sync.
    private Task<bool> StartOrJoinLoad()
    {
        if (_inflight is not { IsCompleted: false })
            _inflight = LoadAsync();
        _first ??= _inflight;
        return _inflight;
    }

    private async Task<bool> LoadAsync()
    {
        // Loads start under _sync; the I/O runs off the caller's thread and outside the lock.
        await Task.Yield();
        try
        {
            using var timeout = new CancellationTokenSource(FetchTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token, timeout.Token);
            var document = await ReadDocumentAsync(linked.Token);
            var keys = JwksParser.Parse(document, why => TokenLog.JwksKeySkipped(_logger, _options.Issuer, why));
            _keys = keys;
            TokenLog.JwksLoaded(_logger, _options.Issuer, keys.Count);
            return true;
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException
            or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException
            or System.Security.Cryptography.CryptographicException)
        {
            if (!_disposed.IsCancellationRequested)
                TokenLog.JwksLoadFailed(_logger, _options.Issuer, _keys.Count, exception);
            return false;
        }
    }

    private async Task<byte[]> ReadDocumentAsync(CancellationToken cancellationToken)
    {
        if (_options.JwksUrl is null)
        {
            var path = _options.JwksFile!;
            if (new FileInfo(path).Length > JwksParser.MaxDocumentBytes)
                throw new InvalidOperationException("The JWKS file is too large.");
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        using var response = await _http!.GetAsync(_options.JwksUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > JwksParser.MaxDocumentBytes)
            throw new InvalidOperationException("The JWKS response is too large.");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > JwksParser.MaxDocumentBytes)
                throw new InvalidOperationException("The JWKS response is too large.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
            return;
        _disposed.Cancel();
        _timer.Dispose();
        if (_ownsHttp)
            _http?.Dispose();
    }
}

/// <summary>A key from an issuer's JWKS, with the algorithm the JWKS binds it to, if any.</summary>
internal sealed record JwksKey(SecurityKey Key, string? Algorithm);
