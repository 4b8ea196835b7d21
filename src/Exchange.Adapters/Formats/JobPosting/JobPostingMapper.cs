using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exchange.Core.Codes;
using Exchange.Core.Identifiers;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>
/// Maps schema.org <c>JobPosting</c> JSON-LD to vacancy records (see docs/adapters.md for the
/// property table). What cannot be mapped without guessing — a foreign currency, an O*NET code,
/// a US address — is a problem naming the JSON-LD property, never a made-up value.
/// </summary>
public sealed partial class JobPostingMapper
{
    private static readonly TimeSpan s_chinaTime = TimeSpan.FromHours(8);
    private static readonly string[] s_creditCodeProperties = ["USCC", "统一社会信用代码", "uscc", "unifiedSocialCreditCode"];

    private readonly JobPostingMapperOptions _options;
    private readonly AdminDivisionLookup _regions;
    private readonly CodeList _occupationGroups;

    /// <summary>Creates the mapper over the code lists (admin divisions, the ISCO-08 crosswalk).</summary>
    public JobPostingMapper(CodeListCatalog codes, JobPostingMapperOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        _options = options ?? new JobPostingMapperOptions();
        _regions = new AdminDivisionLookup(codes);
        _occupationGroups = codes[CodeListNames.OccupationMajorGroup];
    }

    /// <summary>
    /// The postings in a JSON-LD document: a single <c>JobPosting</c>, an array of them, an
    /// <c>ItemList</c> whose <c>itemListElement</c>s are postings or <c>ListItem</c>s holding one, or a
    /// <c>@graph</c>. Nodes of other types are skipped. Each posting comes back as a copy in which
    /// <c>@id</c> references to nodes of its <c>@graph</c> are replaced by those nodes.
    /// </summary>
    public static IReadOnlyList<JsonObject> Postings(JsonNode? document)
    {
        var found = new List<JsonObject>();
        Collect(document, JsonLdGraph.Empty, found, 0);
        return found;
    }

    private static void Collect(JsonNode? node, JsonLdGraph graph, List<JsonObject> found, int depth)
    {
        if (depth > 4 || node is null)
            return;
        if (node is JsonArray array)
        {
            foreach (var item in array)
                Collect(item, graph, found, depth + 1);
            return;
        }
        if (node is not JsonObject obj)
            return;
        if (JsonLd.IsType(obj, "JobPosting"))
            found.Add(graph.Embed(obj));
        else if (obj["@graph"] is { } nodes)
            Collect(nodes, JsonLdGraph.Of(nodes), found, depth + 1);
        else if (JsonLd.IsType(obj, "ItemList"))
            Collect(obj["itemListElement"], graph, found, depth + 1);
        else if (JsonLd.IsType(obj, "ListItem"))
            Collect(obj["item"], graph, found, depth + 1);
    }

    /// <summary>Maps one posting.</summary>
    public JobPostingMapping Map(JsonObject posting)
    {
        ArgumentNullException.ThrowIfNull(posting);
        var problems = new List<Problem>();
        var vacancy = new JsonObject();

        var unresolved = UnresolvedReferences.Report(posting, problems);
        var recordId = RecordId(posting);
        Set(vacancy, "recordId", recordId);
        Set(vacancy, "title", Required(posting, "title", problems));
        if (!unresolved.Contains("hiringOrganization"))
            MapOrganisation(posting, vacancy, problems);
        if (!unresolved.Contains("occupationalCategory"))
            MapOccupation(posting, vacancy, problems);
        if (!unresolved.Contains("jobLocation"))
            MapLocation(posting, vacancy, problems);
        if (!unresolved.Contains("baseSalary"))
            MapSalary(posting, vacancy, problems);
        MapEmploymentType(posting, vacancy, problems);
        Set(vacancy, "validFrom", Date(posting, "datePosted", problems));
        Set(vacancy, "validThrough", Date(posting, "validThrough", problems));
        MapSkills(posting, vacancy);
        MapAccessibility(posting, vacancy);
        MapOpenings(posting, vacancy, problems);

        var key = Identifier(posting) ?? JsonLd.Text(posting["url"]) ?? JsonLd.Text(posting["@id"]) ?? recordId ?? "";
        var version = JsonLd.Text(posting["dateModified"]) ?? Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(posting)));
        return new JobPostingMapping(key, version, JsonSerializer.SerializeToUtf8Bytes(vacancy), problems);
    }

    private static void MapOpenings(JsonObject posting, JsonObject vacancy, List<Problem> problems)
    {
        // Absent means the employer did not say: the vacancy leaves positions out rather than
        // guessing one (or zero).
        var openings = posting["totalJobOpenings"];
        if (openings is null)
            return;
        if (JsonLd.Number(openings) is { } count && count >= 1 && count == Math.Floor(count) && count <= int.MaxValue)
        {
            vacancy["positions"] = (int)count;
            return;
        }
        problems.Add(Problem("totalJobOpenings", JobPostingProblemCodes.Openings,
            "totalJobOpenings must be a whole number of at least 1; leave it out when the number is not known.",
            "totalJobOpenings 须为不小于 1 的整数；人数未知时请省略该属性。"));
    }

    private static string? RecordId(JsonObject posting)
    {
        var id = Identifier(posting) ?? JsonLd.Text(posting["url"]) ?? JsonLd.Text(posting["@id"]);
        if (id is null)
            return null;
        // Record ids are at most 64 characters; a long URL becomes a stable digest of itself.
        return id.Length <= 64 ? id : "jp-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..40];
    }

    private static string? Identifier(JsonObject posting) =>
        JsonLd.Many(posting["identifier"]).Select(i => i is JsonObject pv ? JsonLd.Text(pv["value"]) : JsonLd.Text(i)).FirstOrDefault(v => v is not null);

    private static void MapOrganisation(JsonObject posting, JsonObject vacancy, List<Problem> problems)
    {
        var organisation = posting["hiringOrganization"];
        if (organisation is null)
        {
            problems.Add(Problem("hiringOrganization", JobPostingProblemCodes.Missing, "hiringOrganization is missing.", "缺少 hiringOrganization（招聘单位）。"));
            return;
        }
        var name = organisation is JsonObject o ? JsonLd.Text(o["legalName"]) ?? JsonLd.Text(o["name"]) : JsonLd.Text(organisation);
        Set(vacancy, "employerName", name);

        string? code = null;
        if (organisation is JsonObject org)
        {
            foreach (var identifier in JsonLd.Many(org["identifier"]))
            {
                if (identifier is JsonObject pv)
                {
                    var property = JsonLd.Text(pv["propertyID"]) ?? JsonLd.Text(pv["name"]);
                    if (property is not null && s_creditCodeProperties.Contains(property, StringComparer.OrdinalIgnoreCase))
                        code ??= JsonLd.Text(pv["value"]);
                }
                else if (JsonLd.Text(identifier) is { } text && CreditCodeShape().IsMatch(text))
                {
                    code ??= text;
                }
            }
            if (code is null && JsonLd.Text(org["taxID"]) is { } taxId && CreditCodeShape().IsMatch(taxId))
                code = taxId;
        }
        if (code is null)
            problems.Add(Problem("hiringOrganization/identifier", JobPostingProblemCodes.CreditCode,
                "hiringOrganization has no unified social credit code: give identifier as a PropertyValue with propertyID \"USCC\", or the 18-character code itself.",
                "hiringOrganization 缺少统一社会信用代码：请以 propertyID 为“USCC”的 PropertyValue 或 18 位代码本身作为 identifier。"));
        Set(vacancy, "employerCreditCode", code?.ToUpperInvariant());
    }

    private void MapOccupation(JsonObject posting, JsonObject vacancy, List<Problem> problems)
    {
        var category = posting["occupationalCategory"];
        if (category is null)
        {
            problems.Add(Problem("occupationalCategory", JobPostingProblemCodes.Missing, "occupationalCategory is missing.", "缺少 occupationalCategory（职业分类）。"));
            return;
        }
        var node = JsonLd.Many(category).First();
        var code = node is JsonObject cc ? JsonLd.Text(cc["codeValue"]) ?? JsonLd.Text(cc["termCode"]) : JsonLd.Text(node);
        var set = node is JsonObject c2 ? JsonLd.Text(c2["inCodeSet"]) ?? JsonLd.Text((c2["inCodeSet"] as JsonObject)?["name"]) : null;

        if (code is not null && NationalOccupation().IsMatch(code))
        {
            vacancy["occupationCode"] = code;
            return;
        }
        var isco = code is not null && IscoCode().IsMatch(code) && (set is null || set.Contains("ISCO", StringComparison.OrdinalIgnoreCase));
        if (isco)
        {
            var groups = _occupationGroups.Entries
                .Where(e => e.IsCurrent && e.Crosswalk is not null && e.Crosswalk.TryGetValue("isco08", out var major) && major.Contains(code![..1]))
                .Select(e => e.Code).Distinct().ToList();
            if (groups.Count == 1)
            {
                vacancy["occupationCode"] = groups[0];
                return;
            }
            problems.Add(Problem("occupationalCategory", JobPostingProblemCodes.OccupationAmbiguous,
                $"ISCO-08 major group {code![..1]} corresponds to {groups.Count} major groups of the national classification; give the national code (e.g. 4-01-02-01).",
                $"ISCO-08 大类 {code![..1]} 对应国家职业分类的 {groups.Count} 个大类，请给出国家职业分类代码（如 4-01-02-01）。"));
            return;
        }
        problems.Add(Problem("occupationalCategory", JobPostingProblemCodes.Occupation,
            "occupationalCategory is neither a national occupational classification code (e.g. 2-02-10-03) nor an ISCO-08 code.",
            "occupationalCategory 既不是国家职业分类代码（如 2-02-10-03），也不是 ISCO-08 代码。"));
    }

    private void MapLocation(JsonObject posting, JsonObject vacancy, List<Problem> problems)
    {
        var telecommute = string.Equals(JsonLd.Text(posting["jobLocationType"]), "TELECOMMUTE", StringComparison.OrdinalIgnoreCase);
        var place = JsonLd.Many(posting["jobLocation"]).FirstOrDefault();
        if (place is null)
        {
            if (!telecommute)
                problems.Add(Problem("jobLocation", JobPostingProblemCodes.Missing, "jobLocation is missing.", "缺少 jobLocation（工作地点）。"));
            else
                problems.Add(Problem("jobLocation", JobPostingProblemCodes.Location, "A remote job still needs jobLocation: the region whose rules apply (a GB/T 2260 code).", "远程岗位仍需给出 jobLocation：适用规则的行政区划（GB/T 2260 代码）。"));
            return;
        }
        var address = place is JsonObject p ? p["address"] ?? p : place;
        var (region, locality) = address is JsonObject a
            ? (JsonLd.Text(a["addressRegion"]), JsonLd.Text(a["addressLocality"]))
            : (null, JsonLd.Text(address));
        var country = (address as JsonObject)?["addressCountry"] is { } c ? JsonLd.Text(c) ?? JsonLd.Text((c as JsonObject)?["name"]) : null;
        if (country is not null && country is not ("CN" or "CHN" or "China" or "中国"))
        {
            problems.Add(Problem("jobLocation/address/addressCountry", JobPostingProblemCodes.Location,
                $"The job is outside China ({country}); the hub places vacancies by GB/T 2260 code.", $"岗位不在中国境内（{country}），平台按 GB/T 2260 行政区划代码登记岗位。"));
            return;
        }
        var (code, why) = _regions.Resolve(region, locality);
        if (code is null)
            problems.Add(Problem("jobLocation/address", JobPostingProblemCodes.Location,
                $"The address does not name one GB/T 2260 division: {why}.", $"地址无法对应唯一的 GB/T 2260 行政区划：{why}。"));
        Set(vacancy, "workRegion", code);
    }

    private void MapSalary(JsonObject posting, JsonObject vacancy, List<Problem> problems)
    {
        var salary = posting["baseSalary"];
        if (salary is null)
            return;
        var amount = salary as JsonObject;
        var currency = JsonLd.Text(amount?["currency"]) ?? JsonLd.Text(posting["salaryCurrency"]) ?? _options.Currency;
        if (!string.Equals(currency, _options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Problem("baseSalary/currency", JobPostingProblemCodes.Salary,
                $"baseSalary is in {currency}; the hub keeps monthly pay in {_options.Currency} and does not convert currencies.",
                $"baseSalary 的币种为 {currency}，平台以{_options.Currency}月薪登记，不做币种换算。"));
            return;
        }
        // A number alone, or an amount without unitText, says neither per what period it is paid:
        // reading it as monthly yuan would publish a made-up pay.
        if (amount is null)
        {
            problems.Add(Problem("baseSalary", JobPostingProblemCodes.SalaryUnitUnknown,
                "baseSalary is a bare value, so its period is unknown; give a MonetaryAmount whose value is a QuantitativeValue with unitText HOUR, DAY, WEEK, MONTH or YEAR.",
                "baseSalary 只是一个数值，无法知道按何种周期计薪；请给出 MonetaryAmount，其 value 为带 unitText（HOUR、DAY、WEEK、MONTH 或 YEAR）的 QuantitativeValue。"));
            return;
        }
        var value = amount["value"];
        var quantity = value as JsonObject;
        var unit = JsonLd.Text(quantity?["unitText"]);
        if (unit is null)
        {
            problems.Add(Problem(quantity is null ? "baseSalary/value" : "baseSalary/value/unitText", JobPostingProblemCodes.SalaryUnitUnknown,
                "baseSalary gives no unitText, so its period is unknown; give unitText HOUR, DAY, WEEK, MONTH or YEAR.",
                "baseSalary 未给出 unitText，无法知道按何种周期计薪；请给出 unitText：HOUR、DAY、WEEK、MONTH 或 YEAR。"));
            return;
        }
        double? perMonth = unit.ToUpperInvariant() switch
        {
            "MONTH" => 1,
            "YEAR" => 1.0 / 12,
            "WEEK" => 52.0 / 12,
            "DAY" => 21.75, // the statutory average of working days per month
            "HOUR" => 21.75 * 8,
            _ => null,
        };
        if (perMonth is null)
        {
            problems.Add(Problem("baseSalary/value/unitText", JobPostingProblemCodes.Salary,
                $"unitText '{unit}' is not HOUR, DAY, WEEK, MONTH or YEAR.", $"unitText“{unit}”无效，须为 HOUR、DAY、WEEK、MONTH 或 YEAR。"));
            return;
        }
        var min = JsonLd.Number(quantity!["minValue"]) ?? JsonLd.Number(quantity["value"]);
        var max = JsonLd.Number(quantity["maxValue"]) ?? JsonLd.Number(quantity["value"]);
        if (min is { } low)
            vacancy["payMin"] = (int)Math.Round(low * perMonth.Value, MidpointRounding.AwayFromZero);
        if (max is { } high)
            vacancy["payMax"] = (int)Math.Round(high * perMonth.Value, MidpointRounding.AwayFromZero);
    }

    private void MapEmploymentType(JsonObject posting, JsonObject vacancy, List<Problem> problems)
    {
        var types = JsonLd.Many(posting["employmentType"]).Select(JsonLd.Text).OfType<string>().ToList();
        var mapped = types.Select(t => _options.EmploymentTypes.GetValueOrDefault(t.Replace('-', '_').Replace(' ', '_'))).FirstOrDefault(c => c is not null);
        if (mapped is not null)
        {
            vacancy["contractType"] = mapped;
            return;
        }
        problems.Add(types.Count == 0
            ? Problem("employmentType", JobPostingProblemCodes.Missing, "employmentType is missing.", "缺少 employmentType（用工形式）。")
            : Problem("employmentType", JobPostingProblemCodes.EmploymentType,
                $"employmentType '{string.Join(", ", types)}' maps to no contract type; use FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN or PER_DIEM.",
                "employmentType 无法对应用工形式，请使用 FULL_TIME、PART_TIME、CONTRACTOR、TEMPORARY、INTERN 或 PER_DIEM。"));
    }

    private static void MapSkills(JsonObject posting, JsonObject vacancy)
    {
        var skills = JsonLd.Many(posting["skills"])
            .Select(s => s is JsonObject term ? JsonLd.Text(term["name"]) : JsonLd.Text(s))
            .OfType<string>()
            .SelectMany(s => s.Split([',', '，', ';', '；', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length <= 64)
            .Distinct(StringComparer.Ordinal)
            .Take(50)
            .ToList();
        if (skills.Count > 0)
            vacancy["skills"] = new JsonArray([.. skills.Select(s => (JsonNode?)s)]);
    }

    private static void MapAccessibility(JsonObject posting, JsonObject vacancy)
    {
        var nodes = new[] { "physicalRequirement", "sensoryRequirement" }.SelectMany(p => JsonLd.Many(posting[p])).ToList();
        var texts = nodes.Select(n => n is JsonObject term ? JsonLd.Text(term["name"]) ?? JsonLd.Text(term["description"]) : JsonLd.Text(n)).OfType<string>();
        var codes = nodes.OfType<JsonObject>().Select(t => JsonLd.Text(t["termCode"])).OfType<string>();
        var (features, inclusive) = AccessibilityTerms.Find(texts, codes);
        if (string.Equals(JsonLd.Text(posting["jobLocationType"]), "TELECOMMUTE", StringComparison.OrdinalIgnoreCase) && !features.Contains("remote-work"))
            features = [.. features, "remote-work"];
        if (features.Count > 0)
            vacancy["accessibilityFeatures"] = new JsonArray([.. features.Select(f => (JsonNode?)f)]);
        if (inclusive.Count > 0)
            vacancy["inclusiveHiring"] = new JsonArray([.. inclusive.Select(f => (JsonNode?)f)]);
    }

    private static string? Required(JsonObject posting, string property, List<Problem> problems)
    {
        var text = JsonLd.Text(posting[property]);
        if (text is null)
            problems.Add(Problem(property, JobPostingProblemCodes.Missing, $"{property} is missing.", $"缺少 {property}。"));
        return text;
    }

    private static string? Date(JsonObject posting, string property, List<Problem> problems)
    {
        var text = JsonLd.Text(posting[property]);
        if (text is null)
        {
            problems.Add(Problem(property, JobPostingProblemCodes.Missing, $"{property} is missing.", $"缺少 {property}。"));
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // A date-time without an offset is taken as written; with one, as the day in China.
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && !HasOffset(text))
            return DateOnly.FromDateTime(local).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return DateOnly.FromDateTime(instant.ToOffset(s_chinaTime).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        problems.Add(Problem(property, JobPostingProblemCodes.Date, $"{property} is not an ISO 8601 date or date-time.", $"{property} 不是 ISO 8601 日期或日期时间。"));
        return null;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || OffsetSuffix().IsMatch(text);

    private static void Set(JsonObject target, string name, string? value)
    {
        if (value is not null)
            target[name] = value;
    }

    private static Problem Problem(string property, string code, string message, string messageZh) => new("/" + property, code, message, messageZh);

    [GeneratedRegex(CreditCode.Pattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CreditCodeShape();

    [GeneratedRegex(@"^[1-8](-[0-9]{2}){0,3}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex NationalOccupation();

    [GeneratedRegex(@"^[0-9]{1,4}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IscoCode();

    [GeneratedRegex(@"[+-][0-9]{2}:?[0-9]{2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex OffsetSuffix();
}
