using System.Collections;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exchange.Core.Hosting;

/// <summary>
/// Binds an options class from its configuration section and checks it when the hub starts, so a
/// wrong setting stops the start with a message naming it (<c>Exchange:Kafka:Mock: …</c>) rather
/// than failing the first request that needs it.
/// </summary>
public static class SettingsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/> and validates it on start:
    /// its data annotations (and those of nested objects and list items) and, when given,
    /// <paramref name="check"/>, which returns one message per problem, each naming its setting.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>>? check = null)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(sp => new SectionValidator<T>(section, check, sp.GetService<IConfiguration>()));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Every data-annotation problem of <paramref name="value"/> and what it holds, each prefixed with its setting path.</summary>
    public static IEnumerable<string> Annotations(object? value, string path, int depth = 0)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive)
            yield break;
        if (value is IEnumerable items and not IDictionary)
        {
            var index = 0;
            foreach (var item in items)
            {
                foreach (var problem in Annotations(item, $"{path}:{index}", depth + 1))
                    yield return problem;
                index++;
            }
            yield break;
        }
        if (value.GetType().Namespace?.StartsWith("Exchange", StringComparison.Ordinal) != true)
            yield break;

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.ToList();
            var where = members.Count == 0 ? path : string.Join(", ", members.Select(m => $"{path}:{m}"));
            yield return $"{where}: {result.ErrorMessage}";
        }

        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.CanRead))
        {
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                foreach (var problem in Annotations(property.GetValue(value), $"{path}:{property.Name}", depth + 1))
                    yield return problem;
            }
        }
    }

    /// <summary>
    /// Every entry of a list setting under <paramref name="section"/> that cannot be read as
    /// <paramref name="type"/>'s list holds it, by name. The configuration binder leaves such an
    /// entry out of the list without a word: a drop folder or a report schedule with one wrong
    /// value would simply not be there.
    /// </summary>
    private static IEnumerable<string> UnreadEntries(IConfigurationSection section, Type type, int depth = 0)
    {
        // A setting with no children is a single value, which the binder reads or refuses itself.
        if (depth > 8 || !section.GetChildren().Any() || typeof(IDictionary).IsAssignableFrom(type))
            yield break;
        if (ListEntryType(type) is not { } entryType)
        {
            foreach (var property in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.CanRead))
            {
                foreach (var problem in UnreadEntries(section.GetSection(property.Name), property.PropertyType, depth + 1))
                    yield return problem;
            }
            yield break;
        }

        foreach (var entry in section.GetChildren())
        {
            if (ReadFailure(entry, entryType) is { } unread)
            {
                yield return unread;
                continue;
            }
            foreach (var problem in UnreadEntries(entry, entryType, depth + 1))
                yield return problem;
        }
    }

    // Why the binder cannot read the entry, in an operator's words; null when it can.
    private static string? ReadFailure(IConfigurationSection entry, Type entryType)
    {
        try
        {
            entry.Get(entryType);
            return null;
        }
        catch (InvalidOperationException refusal)
        {
            return SettingsRefusal.Unconvertible(refusal) ?? $"{entry.Path}: {refusal.Message}";
        }
    }

    // The entry type of a list or array the binder fills; null for any other type.
    private static Type? ListEntryType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var entry] ? entry
        : null;

    private sealed class SectionValidator<T>(string section, Func<T, IEnumerable<string>>? check, IConfiguration? configuration) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = configuration is null ? [] : UnreadEntries(configuration.GetSection(section), typeof(T)).ToList();
            problems.AddRange(Annotations(options, section));
            if (check is not null)
                problems.AddRange(check(options));
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
