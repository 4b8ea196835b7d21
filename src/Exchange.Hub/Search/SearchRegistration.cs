using Exchange.Core.Pseudonymisation;

namespace Exchange.Hub.Search;

/// <summary>The searches' own services: their cursors, sealed under the deployment's handle secret.</summary>
internal static class SearchRegistration
{
    public static void AddSearch(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton(sp => new SearchCursors(sp.GetRequiredService<DeploymentSecrets>().Handles));
}
