using Exchange.Access.Tokens;
using Exchange.Hub;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Exchange.Ui.Tests.Support;

/// <summary>
/// A real hub on Kestrel at 127.0.0.1 (a browser needs a real server), on its own database of the
/// shared embedded PostgreSQL, in development mode with the development sign-in, as
/// <c>exchange serve --development-sign-in</c> runs it for the embedded demo.
/// </summary>
public sealed class UiHub : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly DevelopmentTokenIssuer _issuer;
    private readonly WebApplication _app;

    private UiHub(TempFolder folder, DevelopmentTokenIssuer issuer, WebApplication app, Uri address, NpgsqlDataSource database)
    {
        _folder = folder;
        _issuer = issuer;
        _app = app;
        Address = address;
        Database = database;
    }

    public Uri Address { get; }

    public NpgsqlDataSource Database { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The address of a page, e.g. <c>/ui/agreements</c>.</summary>
    public string Page(string path) => new Uri(Address, path).ToString();

    public static Task<UiHub> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? settings = null) =>
        StartAsync(postgres, ["--environment", "Development"], settings);

    /// <param name="arguments">The host's own arguments, e.g. its environment.</param>
    public static async Task<UiHub> StartAsync(PostgresFixture postgres, string[] arguments, IDictionary<string, string?>? settings)
    {
        var folder = new TempFolder("exchange-ui-tests");
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
            ["Exchange:Secrets:Pseudonymisation"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("pseudonymisation"u8)),
            ["Exchange:Secrets:Handles"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("handles"u8)),
            ["Exchange:Ui:DevelopmentSignIn"] = "true",
        };
        for (var i = 0; i < UiClients.All.Count; i++)
        {
            var client = UiClients.All[i];
            configuration[$"Exchange:Clients:{i}:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer;
            configuration[$"Exchange:Clients:{i}:ClientId"] = client.ClientId;
            configuration[$"Exchange:Clients:{i}:Organisation"] = client.Organisation;
            configuration[$"Exchange:Clients:{i}:Role"] = client.Role;
            for (var s = 0; s < client.Scopes.Length; s++)
                configuration[$"Exchange:Clients:{i}:Scopes:{s}"] = client.Scopes[s];
        }
        // The university that vouches for its graduates on the graduate's pages, and pushes their records.
        configuration[$"Exchange:Clients:{GraduateBrowser.UniversityIndex}:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer;
        configuration[$"Exchange:Clients:{GraduateBrowser.UniversityIndex}:ClientId"] = GraduateBrowser.University.ClientId;
        configuration[$"Exchange:Clients:{GraduateBrowser.UniversityIndex}:Organisation"] = GraduateBrowser.University.Organisation;
        configuration[$"Exchange:Clients:{GraduateBrowser.UniversityIndex}:Role"] = GraduateBrowser.University.Role;
        for (var s = 0; s < GraduateBrowser.University.Scopes.Length; s++)
            configuration[$"Exchange:Clients:{GraduateBrowser.UniversityIndex}:Scopes:{s}"] = GraduateBrowser.University.Scopes[s];
        configuration[$"Exchange:Ingest:Institutions:{GraduateBrowser.University.Organisation}"] = GraduateBrowser.InstitutionCode;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        WebApplication? app = null;
        try
        {
            app = await HubApplication.BuildAsync(["--urls", "http://127.0.0.1:0", .. arguments],
                builder => builder.Configuration.AddInMemoryCollection(configuration), TestTimeout.Token());
            await app.StartAsync(TestTimeout.Token());
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            issuer.Dispose();
            folder.Dispose();
            throw;
        }
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new UiHub(folder, issuer, app, address, database);
    }

    /// <summary>An HTTP client of the steward API, calling as <paramref name="client"/> with a bearer token for all its scopes.</summary>
    public HttpClient Api(UiClients.Client client)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            _issuer.Mint(client.ClientId, string.Join(' ', client.Scopes), TimeSpan.FromMinutes(10)));
        return http;
    }

    /// <summary>The audit entries of <paramref name="caller"/> (empty for calls without a client), read through the steward API.</summary>
    public async Task<IReadOnlyList<Exchange.Hub.Steward.AuditEntryResponse>> AuditAsync(string caller)
    {
        using var api = Api(UiClients.Steward);
        var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Exchange.Hub.Steward.AuditPageResponse>(
            api, $"/v1/steward/audit?limit=500&caller={Uri.EscapeDataString(caller)}", TestTimeout.Token());
        return page!.Entries;
    }

    /// <summary>Waits until the merger has merged everything the topics hold (or the test times out).</summary>
    public async Task WaitForMergerAsync()
    {
        var lag = Services.GetRequiredService<Exchange.Index.Merging.MergerLag>();
        while ((await lag.ReadAsync(TestTimeout.Token())).Any(l => l.Lag > 0))
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestTimeout.Token());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestTimeout.Token());
        await _app.DisposeAsync();
        _issuer.Dispose();
        _folder.Dispose();
    }
}
