using System.Collections;
using System.ComponentModel.DataAnnotations;
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
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, check));
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

    private sealed class SectionValidator<T>(string section, Func<T, IEnumerable<string>>? check) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = Annotations(options, section).ToList();
            if (check is not null)
                problems.AddRange(check(options));
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
