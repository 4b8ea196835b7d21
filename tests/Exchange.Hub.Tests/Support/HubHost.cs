using System.Net.Http.Headers;
using Exchange.Access.Tokens;
using Exchange.Hub;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Hub.Tests.Support;

/// <summary>
/// A real hub on Kestrel at 127.0.0.1, on its own database of the shared embedded PostgreSQL,
/// trusting a development issuer whose keys live in a temp folder.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly WebApplication _app;

    private HubHost(TempFolder folder, WebApplication app, DevelopmentTokenIssuer issuer, Uri address, NpgsqlDataSource database, string connectionString)
    {
        ConnectionString = connectionString;
        _folder = folder;
        _app = app;
        Issuer = issuer;
        Address = address;
        Database = database;
    }

    /// <summary>The linkage-key secret every test hub shares, so that keys computed in a test match the hub's.</summary>
    public static readonly string TestSecret = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("pseudonymisation"u8));

    public DevelopmentTokenIssuer Issuer { get; }

    public Uri Address { get; }

    /// <summary>The hub's database (schema public; the access tables are in schema access).</summary>
    public NpgsqlDataSource Database { get; }

    /// <summary>The connection string the hub was given, password included: for a second instance on the same database.</summary>
    public string ConnectionString { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="postgres">The shared test server; the hub gets a database of its own.</param>
    /// <param name="settings">Settings that override or add to the test hub's.</param>
    /// <param name="logs">A provider that receives everything the hub logs, through the hub's own redaction.</param>
    /// <param name="services">Adds to the hub's services before they are built (an exporter, a fake).</param>
    public static async Task<HubHost> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var folder = new TempFolder("exchange-hub-tests");
        var issuer = await DevelopmentTokenIssuer.OpenAsync(folder.Combine("keys"), TestTimeout.Token());
        var database = await postgres.CreateMigratedDatabaseAsync(HubParts.Schemas, TestTimeout.Token());
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;

        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Exchange"] = postgres.Server.ConnectionStringFor(name),
            [$"{DatabaseOptions.Section}:MigrateOnStart"] = "true",
            [$"{DatabaseOptions.Section}:DataDirectory"] = folder.Combine("data/postgres"),
            ["Exchange:Tokens:Issuers:0:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer,
            ["Exchange:Tokens:Issuers:0:Audiences:0"] = DevelopmentTokenIssuer.DefaultAudience,
            ["Exchange:Tokens:Issuers:0:JwksFile"] = issuer.JwksPath,
            ["Exchange:RateLimits:PermitsPerSecond"] = "1000",
            ["Exchange:RateLimits:Burst"] = "2000",
            ["Logging:LogLevel:Default"] = "Warning",
            // An external database: the secrets must be configured, as in any shared deployment.
            ["Exchange:Secrets:Pseudonymisation"] = TestSecret,
            ["Exchange:Secrets:Handles"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("handles"u8)),
            // The universities' Ministry of Education institution codes, for the own-institution write rule.
            [$"Exchange:Ingest:Institutions:{TestClients.UniversityA.Organisation}"] = TestClients.UniversityA.InstitutionCode,
            [$"Exchange:Ingest:Institutions:{TestClients.UniversityB.Organisation}"] = TestClients.UniversityB.InstitutionCode,
        };
        for (var i = 0; i < TestClients.All.Count; i++)
        {
            var client = TestClients.All[i];
            configuration[$"Exchange:Clients:{i}:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer;
            configuration[$"Exchange:Clients:{i}:ClientId"] = client.ClientId;
            configuration[$"Exchange:Clients:{i}:Organisation"] = client.Organisation;
            configuration[$"Exchange:Clients:{i}:Role"] = Exchange.Access.Clients.PartyRoles.Name(client.Role);
            for (var s = 0; s < client.Scopes.Length; s++)
                configuration[$"Exchange:Clients:{i}:Scopes:{s}"] = client.Scopes[s];
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        WebApplication? app = null;
        try
        {
            app = await HubApplication.BuildAsync(["--urls", "http://127.0.0.1:0"],
                builder =>
                {
                    builder.Configuration.AddInMemoryCollection(configuration);
                    if (logs is not null)
                        builder.Logging.AddProvider(logs);
                    services?.Invoke(builder.Services);
                }, TestTimeout.Token());
            await app.StartAsync(TestTimeout.Token());
        }
        catch
        {
            // A hub that refuses to start must not leave its database pools or keys behind.
            if (app is not null)
                await app.DisposeAsync();
            issuer.Dispose();
            folder.Dispose();
            throw;
        }
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new HubHost(folder, app, issuer, address, database, configuration["ConnectionStrings:Exchange"]!);
    }

    /// <summary>A client that calls the hub as <paramref name="client"/>, with a fresh token for its registered scopes.</summary>
    public HttpClient ClientFor(TestClients.Client client, string? scope = null)
    {
        var http = Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Issuer.Mint(client.ClientId, scope ?? string.Join(' ', client.Scopes), TimeSpan.FromMinutes(10)));
        return http;
    }

    /// <summary>Waits until the merger has merged everything the record topics hold (or the test times out).</summary>
    public async Task WaitForMergerAsync()
    {
        var lag = Services.GetRequiredService<Exchange.Index.Merging.MergerLag>();
        while ((await lag.ReadAsync(TestTimeout.Token())).Any(l => l.Lag > 0))
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestTimeout.Token());
    }

    /// <summary>A client that sends no token.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestTimeout.Token());
        await _app.DisposeAsync();
        Issuer.Dispose();
        _folder.Dispose();
    }
}
