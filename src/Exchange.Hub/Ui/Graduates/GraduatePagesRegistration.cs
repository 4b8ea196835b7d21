using Exchange.Access.Audit;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>What a graduate's pages need beside the parts the hub composes.</summary>
public static class GraduatePagesRegistration
{
    public static void AddGraduatePages(this IServiceCollection services) =>
        services.AddSingleton(sp => new SubjectOwnAccess(sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<SubjectHandles>(),
            sp.GetRequiredService<ReleaseTelemetry>()));
}
