using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Exchange.Core.Hosting;

/// <summary>
/// Recognises a start refused for wrong settings: one options class failing throws an
/// <see cref="OptionsValidationException"/>, several an <see cref="AggregateException"/> of them;
/// a value its setting's type cannot hold (<c>Enabled=sometimes</c>) fails earlier, in the
/// configuration binder, and is read as a refusal of that setting too.
/// </summary>
public static partial class SettingsRefusal
{
    private const string BinderAssembly = "Microsoft.Extensions.Configuration.Binder";

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
        IReadOnlyList<Exception> causes = exception is AggregateException many ? many.Flatten().InnerExceptions : [exception];
        var found = new List<string>();
        foreach (var cause in causes)
        {
            if (cause is OptionsValidationException refusal)
                found.AddRange(refusal.Failures);
            else if (Unconvertible(cause) is { } failure)
                found.Add(failure);
            else
            {
                failures = [];
                return false;
            }
        }
        failures = found;
        return causes.Count > 0;
    }

    // The binder's message names the setting and the value in .NET's own words ("type 'System.Boolean'"); an operator reads the setting's.
    // Null when the exception is not the binder failing to convert a value.
    internal static string? Unconvertible(Exception exception)
    {
        if (exception is not InvalidOperationException { Source: BinderAssembly, InnerException: not null }
            || ConversionFailure().Match(exception.Message) is not { Success: true } match)
            return null;
        var (value, path, type) = (match.Groups["value"].Value, match.Groups["path"].Value, match.Groups["type"].Value);
        var expected = type switch
        {
            "System.Boolean" => "true or false",
            "System.Byte" or "System.Int16" or "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.UInt64" => "a whole number",
            "System.Single" or "System.Double" or "System.Decimal" => "a number",
            "System.TimeSpan" => "a duration, as 00:05:00 (hours:minutes:seconds)",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time, as 2026-12-01T08:00:00+08:00",
            "System.Uri" => "an address",
            _ when EnumNamed(type) is { } listed => $"one of {string.Join(", ", Enum.GetNames(listed))}",
            _ => $"a value of type {type[(type.LastIndexOf('.') + 1)..]}",
        };
        return $"{path}: '{value}' is not {expected}.";
    }

    // The binder names the setting's type by its full name; a setting of a list of words is an enumeration of a loaded assembly.
    private static Type? EnumNamed(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(fullName, throwOnError: false))
            .FirstOrDefault(type => type is { IsEnum: true });

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

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
