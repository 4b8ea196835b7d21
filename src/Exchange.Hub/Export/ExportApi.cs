using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Export;

/// <summary>
/// Bulk export as FHIR Bulk Data Access describes it: a kick-off answered 202 with the status
/// address in <c>Content-Location</c>; polls answered 202 with <c>X-Progress</c> and
/// <c>Retry-After</c> until the manifest is ready; one NDJSON file per kind, downloaded with the
/// same bearer token; DELETE cancels. The worker releases every line through the release service;
/// these endpoints parse, record the job and answer. A job is its client's alone: to any other
/// caller it does not exist.
/// </summary>
internal static class ExportApi
{
    public const string KickOffPath = "/v1/$export";
    private const string JobsPath = "/v1/export-jobs";
    private const string NdjsonType = "application/fhir+ndjson";

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(KickOffPath, KickOffAsync)
            .RequireAuthorization(AccessPolicies.IndexReader).WithTags("Export")
            .WithSummary("Starts a bulk export for a declared purpose: purpose, _type=graduate,certification,placement,vacancy, _since=instant; 202 with Content-Location");
        endpoints.MapGet(KickOffPath, KickOffAsync)
            .RequireAuthorization(AccessPolicies.IndexReader).WithTags("Export")
            .WithSummary("Starts a bulk export, as POST does; needs Prefer: respond-async");
        var jobs = endpoints.MapGroup(JobsPath).RequireAuthorization(AccessPolicies.IndexReader).WithTags("Export");
        jobs.MapGet("/{jobId:guid}", StatusAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithSummary("The export's status: 202 with X-Progress and Retry-After while it runs, then 200 with the manifest; 410 once its files expired");
        jobs.MapDelete("/{jobId:guid}", CancelAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Cancels the export, or removes a finished one's files: 202");
        jobs.MapGet("/{jobId:guid}/files/{fileName}", DownloadAsync)
            .WithSummary("One NDJSON file of a finished export, with the bearer token of the client that started it")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: NdjsonType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Accepted<ExportKickOffResponse>, ValidationProblem, ProblemHttpResult>> KickOffAsync(
        HttpContext context, ExportJobStore jobs, ReleaseService release, IOptions<ExportOptions> options,
        [FromKeyedServices(ExportRegistration.ClockKey)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        var request = context.Request;
        var problems = new List<ExportProblem>();
        var respondAsync = request.Headers["Prefer"].Any(p => p is not null && p.Split(',').Any(v => v.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)));
        var parameters = ExportParameters.Parse(request.Query, HttpMethods.IsGet(request.Method), respondAsync, problems, out var purposeMissing);
        if (purposeMissing)
            await release.AuditPurposeMissingAsync(caller, AuditedRequest.Action(context), now, cancellationToken);
        if (parameters is null)
            return Invalid(problems);

        var jobId = Guid.CreateVersion7(now);
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var job = new ExportJob(jobId, caller.ClientId, caller.Organisation, caller.Role.Name(), parameters.Purpose.Name(), parameters.Types, parameters.Since,
            baseUrl + request.Path + request.QueryString, baseUrl, ExportJobStates.Accepted, now, null, null, null, [], [], null);
        if (!await jobs.TryAcceptAsync(job, options.Value.MaxActiveJobsPerClient, cancellationToken))
        {
            context.Response.Headers.RetryAfter = RetryAfter(options.Value);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many exports",
                detail: $"This client has {options.Value.MaxActiveJobsPerClient} exports accepted or running already; wait for one to finish, or cancel one.",
                type: ProblemTypes.For("export.too-many-jobs"));
        }

        var status = StatusUrl(baseUrl, jobId);
        context.Response.Headers.ContentLocation = status;
        return TypedResults.Accepted(status, new ExportKickOffResponse(jobId.ToString(), status));
    }

    private static async Task<Results<Ok<ExportManifest>, Accepted, ProblemHttpResult>> StatusAsync(
        Guid jobId, HttpContext context, ExportJobStore jobs, IOptions<ExportOptions> options,
        [FromKeyedServices(ExportRegistration.ClockKey)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await OwnJobAsync(jobId, context, jobs, cancellationToken);
        var now = clock.GetUtcNow();
        if (job is null || job.State == ExportJobStates.Cancelled)
            return NotFound();
        if (job.IsExpired(now))
            return Gone();
        switch (job.State)
        {
            case ExportJobStates.Failed:
                return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Export failed", detail: job.Failure,
                    type: ProblemTypes.For("export.failed"));
            case ExportJobStates.Completed:
                context.Response.Headers.Expires = job.ExpiresAt!.Value.ToString("R", CultureInfo.InvariantCulture);
                return TypedResults.Ok(Manifest(job));
            default:
                context.Response.Headers["X-Progress"] = job.Progress ?? job.State;
                context.Response.Headers.RetryAfter = RetryAfter(options.Value);
                return TypedResults.Accepted((string?)null);
        }
    }

    private static async Task<Results<Accepted<ExportCancelResponse>, ProblemHttpResult>> CancelAsync(
        Guid jobId, HttpContext context, ExportJobStore jobs, ExportFolder folder, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        if (!await jobs.CancelAsync(jobId, caller.ClientId, cancellationToken))
            return NotFound();
        // A running job's worker notices at its next page and removes what it wrote since.
        folder.Remove(jobId);
        return TypedResults.Accepted((string?)null, new ExportCancelResponse(jobId.ToString(), ExportJobStates.Cancelled));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid jobId, string fileName, HttpContext context, ExportJobStore jobs, ExportFolder folder,
        [FromKeyedServices(ExportRegistration.ClockKey)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await OwnJobAsync(jobId, context, jobs, cancellationToken);
        if (job is null || job.State is not (ExportJobStates.Completed or ExportJobStates.Expired))
            return NotFound();
        if (!job.Outputs.Concat(job.Deleted).Any(f => f.File == fileName) || folder.FilePath(jobId, fileName) is not { } path)
            return NotFound();
        if (job.IsExpired(clock.GetUtcNow()) || !File.Exists(path))
            return Gone();
        return TypedResults.PhysicalFile(path, NdjsonType);
    }

    // Another client's job and no job look the same.
    private static async Task<ExportJob?> OwnJobAsync(Guid jobId, HttpContext context, ExportJobStore jobs, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var job = await jobs.FindAsync(jobId, cancellationToken);
        return job is not null && job.ClientId == caller.ClientId ? job : null;
    }

    private static ExportManifest Manifest(ExportJob job) => new(
        job.TransactionTime!.Value, job.Request, true,
        [.. job.Outputs.Select(f => new ExportManifestFile(f.Type, FileUrl(job, f.File), f.Count))], [],
        job.Since is null ? null : [.. job.Deleted.Select(f => new ExportManifestFile(f.Type, FileUrl(job, f.File), f.Count))]);

    private static string StatusUrl(string baseUrl, Guid jobId) => $"{baseUrl}{JobsPath}/{jobId}";

    private static string FileUrl(ExportJob job, string file) => $"{StatusUrl(job.BaseUrl, job.JobId)}/files/{file}";

    private static string RetryAfter(ExportOptions options) =>
        Math.Max(1, (int)Math.Ceiling(options.PollInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such export",
        detail: "This client has no export with this id.", type: ProblemTypes.For("not-available"));

    private static ProblemHttpResult Gone() => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Export expired",
        detail: "The export's files have expired and were deleted; start a new export.", type: ProblemTypes.For("export.expired"));

    private static ValidationProblem Invalid(IReadOnlyList<ExportProblem> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(p => p.Parameter).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        detail: string.Join(" ", problems.Select(p => p.Message)),
        title: "The export request is not valid",
        type: ProblemTypes.For(problems.Select(p => p.Code).Distinct().Count() == 1 ? problems[0].Code : ExportProblem.InvalidParameter),
        extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => new { p.Code, p.Parameter, p.Message, p.MessageZh }).ToList() });
}
