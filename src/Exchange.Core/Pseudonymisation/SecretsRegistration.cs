using Exchange.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Exchange.Core.Pseudonymisation;

/// <summary>Registers the deployment's secrets and the linkage keys made from them.</summary>
public static class SecretsRegistration
{
    /// <summary>
    /// Binds <c>Exchange:Secrets</c>, checked on start: when <paramref name="required"/> (an
    /// external database, shared by instances that must derive the same keys) both secrets must be
    /// configured; otherwise a missing one is generated once into <paramref name="generatedFolder"/>.
    /// Registers <see cref="DeploymentSecrets"/> and <see cref="LinkageKeys"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDeploymentSecrets(this IHostApplicationBuilder builder, bool required, string generatedFolder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions<SecretsOptions>(DeploymentSecrets.Section, o => o.Problems(required));
        builder.Services.AddSingleton(sp => DeploymentSecrets.Load(sp.GetRequiredService<IOptions<SecretsOptions>>().Value, generatedFolder));
        builder.Services.AddSingleton(sp => new LinkageKeys(sp.GetRequiredService<DeploymentSecrets>().Pseudonymisation));
        return builder;
    }
}
