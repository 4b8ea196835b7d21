using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Exchange.Cli.Settings;

/// <summary>
/// Walks an options class the way the configuration binder does — public settable properties,
/// nested objects, lists numbered from 0, dictionaries by key — and describes each key it reaches:
/// its type, its default from a fresh instance, its data annotations and checks, its XML summary.
/// Without <paramref name="docs"/> it describes the keys alone, with no summaries, as the start-up
/// check of the settings given needs them and the XML files need not be read for that.
/// </summary>
public sealed class OptionsReflector(XmlDocComments? docs)
{
    private const int MaxDepth = 8;

    public SettingsSection Describe(string section, Type options)
    {
        var settings = new List<Setting>();
        var element = ElementType(options);
        var described = element ?? options;
        Walk(described, element is null ? section : section + ":0", New(described), settings, 0);
        var description = string.Join(" ", new[] { docs?.Summary(described), SettingNotes.Sections.GetValueOrDefault(section) }.OfType<string>());
        return new SettingsSection(section, element is null ? options.Name : $"List<{element.Name}>", description, settings);
    }

    private void Walk(Type type, string prefix, object? instance, List<Setting> settings, int depth)
    {
        if (depth > MaxDepth)
            throw new InvalidOperationException($"{prefix} nests deeper than {MaxDepth} levels.");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsBound))
        {
            var key = $"{prefix}:{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = property.PropertyType;
            if (IsScalar(propertyType))
            {
                settings.Add(new(key, TypeName(propertyType), Default(key, value), Constraints(key, property), Summary(property)));
            }
            else if (DictionaryValueType(propertyType) is { } valueType)
            {
                var entryKey = $"{key}:{SettingNotes.DictionaryKeys.GetValueOrDefault($"{type.Name}.{property.Name}", "<name>")}";
                if (IsScalar(valueType))
                {
                    settings.Add(new(entryKey, TypeName(valueType), CollectionDefault(value), Constraints(entryKey, property), Summary(property)));
                }
                else
                {
                    settings.Add(Group(key, property, $"entries `{entryKey}:…`, by key"));
                    Walk(valueType, entryKey, New(valueType), settings, depth + 1);
                }
            }
            else if (ElementType(propertyType) is { } elementType)
            {
                var itemKey = key + ":0";
                if (IsScalar(elementType))
                {
                    settings.Add(new(itemKey, TypeName(elementType), CollectionDefault(value), Constraints(itemKey, property),
                        $"{Summary(property)} A list: add `:1`, `:2` … for more."));
                }
                else
                {
                    settings.Add(Group(key, property, $"entries `{itemKey}:…`, numbered from 0"));
                    Walk(elementType, itemKey, New(elementType), settings, depth + 1);
                }
            }
            else
            {
                settings.Add(Group(key, property, $"the settings `{key}:…`"));
                Walk(propertyType, key, value ?? New(propertyType), settings, depth + 1);
            }
        }
    }

    private Setting Group(string key, PropertyInfo property, string holds) =>
        new(key, $"a group: {holds}", "none", Constraints(key, property), Summary(property));

    private string Summary(PropertyInfo property) =>
        docs is null ? "" : docs.Summary(property) ?? throw new InvalidOperationException(
            $"{property.DeclaringType!.Name}.{property.Name} has no /// <summary>; every setting needs one, as it is the setting's description.");

    private static bool IsBound(PropertyInfo property) =>
        property.GetIndexParameters().Length == 0 && property.SetMethod is { IsPublic: true };

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);
    }

    private static Type? DictionaryValueType(Type type) =>
        new[] { type }.Concat(type.GetInterfaces())
            .FirstOrDefault(t => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(IDictionary<,>) || t.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            ?.GetGenericArguments()[1];

    private static Type? ElementType(Type type) =>
        type == typeof(string) || DictionaryValueType(type) is not null
            ? null
            : new[] { type }.Concat(type.GetInterfaces())
                .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];

    private static object? New(Type type) =>
        type.IsAbstract || type.IsInterface || type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static string TypeName(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        type = nullable ?? type;
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"`{n}`"));
        return type switch
        {
            _ when type == typeof(string) => "text",
            _ when type == typeof(bool) => "`true` or `false`",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "integer",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "number",
            _ when type == typeof(TimeSpan) => "time span `[d.]hh:mm:ss`",
            _ when type == typeof(Uri) => "URL",
            _ => type.Name,
        };
    }

    private static string Default(string key, object? value)
    {
        if (SettingNotes.Defaults.TryGetValue(key, out var described))
            return described;
        return value switch
        {
            null or "" => "unset",
            bool flag => flag ? "`true`" : "`false`",
            TimeSpan span => $"`{span.ToString("c", CultureInfo.InvariantCulture)}`",
            IFormattable number when value.GetType().IsPrimitive => $"`{number.ToString(null, CultureInfo.InvariantCulture)}`",
            _ => $"`{Convert.ToString(value, CultureInfo.InvariantCulture)}`",
        };
    }

    private static string CollectionDefault(object? value)
    {
        var items = value switch
        {
            IDictionary dictionary => dictionary.Keys.Cast<object>().Select(k => $"`{k}={dictionary[k]}`").ToList(),
            IEnumerable list and not string => list.Cast<object>().Select(i => $"`{i}`").ToList(),
            _ => [],
        };
        return items.Count == 0 ? "none" : string.Join(", ", items);
    }

    private static string Constraints(string key, PropertyInfo property)
    {
        var constraints = new List<string>();
        if (property.GetCustomAttributes().Any(a => a.GetType().FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute")
            || property.GetCustomAttribute<RequiredAttribute>() is not null)
            constraints.Add("required");
        foreach (var annotation in property.GetCustomAttributes<ValidationAttribute>().Where(a => a is not RequiredAttribute))
            constraints.Add(annotation is RangeAttribute range ? Range(range, property.PropertyType) : annotation.FormatErrorMessage(property.Name));
        if (SettingNotes.Checks.TryGetValue(key, out var check))
            constraints.Add(check);
        return string.Join("; ", constraints);
    }

    private static string Range(RangeAttribute range, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        var typeMaximum = type.GetField("MaxValue")?.GetValue(null) is { } max ? Convert.ToDouble(max, CultureInfo.InvariantCulture) : double.MaxValue;
        return maximum >= typeMaximum
            ? $"at least {minimum.ToString("#,0.##", CultureInfo.InvariantCulture)}"
            : $"{minimum.ToString("#,0.##", CultureInfo.InvariantCulture)} to {maximum.ToString("#,0.##", CultureInfo.InvariantCulture)}";
    }
}
