using Exchange.Access.Audit;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Index.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exchange.Hub.Matching;

/// <summary>What the match endpoints need beside the parts the hub composes.</summary>
internal static class MatchRegistration
{
    public static IHostApplicationBuilder AddMatch(this IHostApplicationBuilder builder)
    {
        // The graduate pages register it too; whichever comes first serves both.
        builder.Services.TryAddSingleton(sp => new SubjectOwnAccess(sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<SubjectHandles>(),
            sp.GetRequiredService<ReleaseTelemetry>()));
        builder.Services.AddSingleton(sp => new MatchService(sp.GetRequiredService<MatchRetrieval>(), sp.GetRequiredService<MatchEngine>(),
            sp.GetRequiredService<ReleaseService>(), sp.GetRequiredService<SubjectOwnAccess>(), sp.GetRequiredService<IHandleDirectory>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
