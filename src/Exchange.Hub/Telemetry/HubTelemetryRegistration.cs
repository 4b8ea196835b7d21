using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Exchange.Hub.Telemetry;

/// <summary>Registers <see cref="HubTelemetry"/> and OpenTelemetry.</summary>
internal static class HubTelemetryRegistration
{
    /// <summary>Adds <see cref="RedactingActivityProcessor"/>; call it before any exporter is added.</summary>
    public static IServiceCollection AddTraceRedaction(this IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new RedactingActivityProcessor()));

    public static WebApplicationBuilder AddHubTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubTelemetry>();
        var telemetry = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read after, win over the default name.
            .ConfigureResource(resource => resource.AddService(HubTelemetry.ServiceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource([.. HubTelemetry.Sources]))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter([.. HubTelemetry.Meters]));
        if (HubTelemetry.ExportsOtlp(builder.Configuration))
            telemetry.UseOtlpExporter();
        return builder;
    }
}
