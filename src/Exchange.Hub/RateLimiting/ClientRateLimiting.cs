using System.Globalization;
using System.Threading.RateLimiting;
using Exchange.Core.Hosting;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.RateLimiting;

/// <summary>
/// Rate limits per client — by client id once authenticated, by remote address before — answering
/// 429 with <c>Retry-After</c> and problem details.
/// </summary>
internal static class ClientRateLimiting
{
    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section, o => o.Burst >= o.PermitsPerSecond
            ? []
            : [$"{RateLimitOptions.Section}:Burst must be at least {RateLimitOptions.Section}:PermitsPerSecond ({o.PermitsPerSecond})."]);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // The error page's run of a request that failed: the request was counted on its way in.
                if (context.Features.Get<IExceptionHandlerFeature>() is not null)
                    return RateLimitPartition.GetNoLimiter(ErrorAnswerPartition);
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var partition = context.User.GetClient()?.ClientId is { } client
                    ? $"client:{client}"
                    : $"address:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.RequestServices.GetRequiredService<Telemetry.HubTelemetry>().RateLimited(rejected.HttpContext.User.GetClient()?.ClientId);
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"This client's request budget is spent; retry after {seconds} s.",
                    type: ProblemTypes.For("rate-limited")).ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    private const string ErrorAnswerPartition = "error-answer";
}
