using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exchange.Core.Hosting;

/// <summary>Puts the log redaction around every logger provider of a host.</summary>
public static class LogRedactionRegistration
{
    /// <summary>
    /// Wraps every logger provider registered so far (the defaults, and any a test or host adds
    /// before) in <see cref="RedactingLoggerProvider"/>. Call it after every provider is added.
    /// </summary>
    public static void RedactLogs(this IServiceCollection services)
    {
        var providers = services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList();
        foreach (var descriptor in providers)
        {
            services.Remove(descriptor);
            services.Add(ServiceDescriptor.Describe(typeof(ILoggerProvider), sp => new RedactingLoggerProvider(Create(sp, descriptor)), descriptor.Lifetime));
        }
    }

    private static ILoggerProvider Create(IServiceProvider services, ServiceDescriptor descriptor) => (ILoggerProvider)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
