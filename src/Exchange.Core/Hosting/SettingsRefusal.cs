using Microsoft.Extensions.Options;

namespace Exchange.Core.Hosting;

/// <summary>
/// Recognises a start refused for wrong settings: one options class failing throws an
/// <see cref="OptionsValidationException"/>, several an <see cref="AggregateException"/> of them.
/// </summary>
public static class SettingsRefusal
{
    /// <summary>
    /// The host's own logger, which logs a failed start with its stack trace, and after the start a
    /// background service's failure. Hosts silence it until they have started, and only until
    /// then: a settings refusal is printed by <see cref="Print"/>, once, naming each setting, and
    /// any other failed start reaches the caller as the exception; but a background service that
    /// fails later is logged with its exception, the only record of why a running hub stopped.
    /// </summary>
    public const string HostLoggerCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Every failed setting's message when <paramref name="exception"/> is a settings refusal; else false.</summary>
    public static bool TryGetFailures(Exception exception, out IReadOnlyList<string> failures)
    {
        var refusals = exception switch
        {
            OptionsValidationException single => [single],
            AggregateException many when many.Flatten().InnerExceptions.All(e => e is OptionsValidationException) =>
                many.Flatten().InnerExceptions.Cast<OptionsValidationException>().ToList(),
            _ => new List<OptionsValidationException>(),
        };
        failures = [.. refusals.SelectMany(r => r.Failures)];
        return refusals.Count > 0;
    }

    /// <summary>Prints the failures for an operator: each setting on its own line, no stack trace.</summary>
    public static void Print(IReadOnlyList<string> failures, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("The hub cannot start; fix these settings:");
        foreach (var failure in failures)
            writer.WriteLine($"  {failure}");
    }
}
