using Exchange.Core.Hosting;
using Exchange.Postgres;
using Exchange.Hub.Changes;
using Exchange.Hub.Authentication;
using Exchange.Hub.Export;
using Exchange.Hub.Health;
using Exchange.Hub.Ingest;
using Exchange.Hub.Logging;
using Exchange.Hub.Matching;
using Exchange.Hub.OpenApi;
using Exchange.Hub.RateLimiting;
using Exchange.Hub.Reports;
using Exchange.Hub.Search;
using Exchange.Hub.Steward;
using Exchange.Hub.Subjects;
using Exchange.Hub.Telemetry;
using Exchange.Hub.Ui;

namespace Exchange.Hub;

/// <summary>Builds the hub's web application: the same wiring for <c>exchange serve</c> and for the end-to-end tests.</summary>
public static class HubApplication
{
    /// <summary>Builds the application; <paramref name="configure"/> lets a test add settings before services are built.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        // Schema patterns and code lists are data: no regular expression may run unbounded on input.
        AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

        var builder = WebApplication.CreateBuilder([.. args, HostArguments.NoConfigurationReload]);
        // Before anything a caller adds (an exporter): redaction must be the first processor to see an activity end.
        builder.Services.AddTraceRedaction();
        configure?.Invoke(builder);
        // A hostile client may send an oversized token; it must reach the token check and be
        // answered 401 and audited, not bounced by the server before anything is recorded.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * 1024 * 1024;
            kestrel.Limits.MaxRequestBufferSize = 4 * 1024 * 1024;
        });

        builder.Services.AddProblemDetails();
        // A member a body's type does not have is refused, not dropped: a steward's misspelt
        // "provider" would otherwise record an agreement that names no provider, which covers all.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<OutageExceptionHandler>();
        builder.Services.AddExceptionHandler<NulCharacterRefusal.Handler>();
        // A body or parameter an endpoint cannot bind reaches that handler, which says what was wrong, instead of a bare 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<BearerSecurityTransformer>();
            openApi.AddOperationTransformer<BearerSecurityTransformer>();
            openApi.AddOperationTransformer<HubWideAnswersTransformer>();
            openApi.AddDocumentTransformer<ExamplesTransformer>();
        });
        builder.Services.AddSingleton<OperationExamples>();
        try
        {
            await builder.AddPartsAsync(pullAdapters: true, cancellationToken);
            return AddHttpAndBuild(builder);
        }
        catch
        {
            // Until the host starts, nothing owns the database it opened: a hub that fails to build stops the server it started.
            await builder.DisposeUnstartedDatabaseAsync();
            throw;
        }
    }

    private static WebApplication AddHttpAndBuild(WebApplicationBuilder builder)
    {
        builder.AddHubAuthentication();
        builder.AddHubUi();
        builder.Services.AddSingleton<Exchange.Hub.Steward.ReviewDecisions>();
        builder.Services.AddSingleton<Exchange.Hub.Steward.StewardConsentReads>();
        builder.AddPushApi();
        builder.AddReportSchedule();
        builder.AddMatch();
        builder.AddChangeFeed();
        builder.AddSearch();
        builder.AddExport();
        builder.Services.AddClientRateLimiting();
        builder.AddHubTelemetry();
        builder.AddHubHealthChecks();

        var started = new HostStartGate();
        builder.Services.AddSingleton<IHostedService>(started);
        // A filter on the category itself, so that a configured level for a broader category cannot replace it;
        // the host's failures only, not its Debug lines.
        builder.Logging.AddFilter(SettingsRefusal.HostLoggerCategory, level => started.IsOpen && level >= LogLevel.Warning);
        // Log lines go to standard error, as every command's do: standard output is what the hub
        // has to say to its user (the import's outcomes, the topic counts), and can be piped.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Last, so that every logger provider — the defaults and any the caller added — is wrapped.
        builder.Services.RedactLogs();

        var app = builder.Build();
        app.UseRequestLog();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // What no exception handler above answered goes to the error page: a page under /ui,
            // the API's 500 problem elsewhere. (A branch for /ui alone cannot re-execute: a branch
            // of the application has no routes.) An outage a page met is logged there, a warning.
            ExceptionHandlingPath = Ui.UiPaths.Error,
            SuppressDiagnosticsCallback = failure => failure.ExceptionHandledBy == Microsoft.AspNetCore.Diagnostics.ExceptionHandledType.ExceptionHandlerService
                || OutageExceptionHandler.OutageCodeOf(failure.Exception) is not null,
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use(NulCharacterRefusal.RefuseInQueryAsync);

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference();
        app.MapHealth();
        app.MapStewardApi();
        app.MapSubjectApi();
        app.MapRecordsApi();
        app.MapReportsApi();
        app.MapSearchApi();
        app.MapMatchApi();
        app.MapChangesApi();
        app.MapExportApi();
        app.MapHubUi();
        return app;
    }
}
