using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Exchange.Core.Codes;
using Exchange.Core.Model;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>One field of a record as a graduate reads it: its label in words and its value, a code explained.</summary>
public sealed record RecordField(string Label, string Value);

/// <summary>
/// Turns a stored record into fields a person can read: each field's Chinese label is the one the
/// canonical model carries (its <see cref="ZhLabelAttribute"/>), the English one its name in words;
/// a code from a code list (sex, region, education level, destination, hardship type …) is shown as
/// what it means in the reader's language, with the code beside it.
/// </summary>
public static class RecordFields
{
    // Which code list explains a field, by its JSON name (the same name means the same list in every kind).
    private static readonly Dictionary<string, string> CodeListOf = new(StringComparer.Ordinal)
    {
        ["sex"] = CodeListNames.Sex,
        ["originRegion"] = CodeListNames.AdminDivision,
        ["regions"] = CodeListNames.AdminDivision,
        ["workRegion"] = CodeListNames.AdminDivision,
        ["issuerRegion"] = CodeListNames.AdminDivision,
        ["educationLevel"] = CodeListNames.EducationLevel,
        ["hardshipFlags"] = CodeListNames.HardshipType,
        ["certificationType"] = CodeListNames.HardshipType,
        ["disabilityCategory"] = CodeListNames.DisabilityCategory,
        ["disabilityGrade"] = CodeListNames.DisabilityGrade,
        ["destinationCode"] = CodeListNames.Destination,
        ["contractType"] = CodeListNames.ContractType,
        ["contractTypes"] = CodeListNames.ContractType,
        ["accommodationNeeds"] = CodeListNames.AccessibilityFeature,
        ["serviceType"] = CodeListNames.ServiceType,
        ["channel"] = CodeListNames.ServiceChannel,
        ["purposes"] = CodeListNames.Purpose,
        ["dataCategories"] = CodeListNames.DataCategory,
        ["certificationTypes"] = CodeListNames.HardshipType,
        ["accessibilityFeatures"] = CodeListNames.AccessibilityFeature,
        ["inclusiveHiring"] = CodeListNames.InclusiveHiring,
    };

    // Names that mean a different list in each type that has them.
    private static readonly Dictionary<(Type Type, string Field), string> CodeListOfFieldIn = new()
    {
        [(typeof(ConsentRecord), "status")] = CodeListNames.ConsentStatus,
        [(typeof(CertificationRecord), "status")] = CodeListNames.CertificationStatus,
        [(typeof(ConsentEvidence), "method")] = CodeListNames.ConsentMethod,
        [(typeof(ConsentGrantee), "role")] = CodeListNames.PartyRole,
        [(typeof(PolicyBenefit), "type")] = CodeListNames.BenefitType,
    };

    private static readonly ConcurrentDictionary<Type, Dictionary<string, (string Zh, Type Type)>> Labels = new();

    /// <summary>The fields of a record of <paramref name="kind"/>, in the order the record holds them; empty values left out.</summary>
    public static IReadOnlyList<RecordField> Of(string kind, JsonElement record, UiLanguage language, CodeListCatalog codes)
    {
        var fields = new List<RecordField>();
        if (RecordKinds.TryParse(kind, out var recordKind) && record.ValueKind == JsonValueKind.Object)
            Add(fields, "", recordKind.RecordType(), record, language, codes);
        return fields;
    }

    /// <summary>The kind of record in words, e.g. "student record".</summary>
    public static string KindName(string kind, GraduateText t) => t.KindNames.GetValueOrDefault(kind, kind);

    private static void Add(List<RecordField> fields, string prefix, Type type, JsonElement record, UiLanguage language, CodeListCatalog codes)
    {
        var labels = LabelsOf(type);
        foreach (var property in record.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                continue;
            var (zh, propertyType) = labels.TryGetValue(property.Name, out var known) ? known : (property.Name, typeof(object));
            var label = prefix + (language == UiLanguage.English ? Words(property.Name) : zh);
            var itemType = ItemType(propertyType);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Add(fields, label + " · ", propertyType, property.Value, language, codes);
                    break;
                case JsonValueKind.Array when property.Value.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object):
                    var n = 0;
                    foreach (var item in property.Value.EnumerateArray())
                        Add(fields, $"{label} {++n} · ", itemType, item, language, codes);
                    break;
                case JsonValueKind.Array:
                    var values = property.Value.EnumerateArray().Select(e => Explain(type, property.Name, Text(e, language), language, codes)).ToList();
                    if (values.Count > 0)
                        fields.Add(new RecordField(label, string.Join(language == UiLanguage.English ? "; " : "；", values)));
                    break;
                default:
                    fields.Add(new RecordField(label, Explain(type, property.Name, Text(property.Value, language), language, codes)));
                    break;
            }
        }
    }

    private static string Explain(Type type, string field, string value, UiLanguage language, CodeListCatalog codes)
    {
        if (!(CodeListOfFieldIn.TryGetValue((type, field), out var list) || CodeListOf.TryGetValue(field, out list))
            || codes.Lists.All(l => l.Name != list) || codes[list].Find(value) is not { } entry)
            return value;
        var meaning = language == UiLanguage.English ? entry.En ?? entry.Zh : entry.Zh;
        return $"{meaning} ({value})";
    }

    private static string Text(JsonElement value, UiLanguage language) => value.ValueKind switch
    {
        JsonValueKind.True => GraduateText.For(language).Yes,
        JsonValueKind.False => GraduateText.For(language).No,
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };

    private static Dictionary<string, (string Zh, Type Type)> LabelsOf(Type type) => Labels.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name),
            p => (p.GetCustomAttribute<ZhLabelAttribute>()?.Label ?? p.Name, p.PropertyType), StringComparer.Ordinal));

    private static Type ItemType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : type;

    /// <summary><c>minMonthlyPay</c> → "Min monthly pay".</summary>
    private static string Words(string camel)
    {
        var words = new StringBuilder(camel.Length + 8);
        for (var i = 0; i < camel.Length; i++)
        {
            if (i > 0 && char.IsUpper(camel[i]))
                words.Append(' ');
            words.Append(i == 0 ? char.ToUpper(camel[i], CultureInfo.InvariantCulture) : char.ToLower(camel[i], CultureInfo.InvariantCulture));
        }
        return words.ToString();
    }
}
