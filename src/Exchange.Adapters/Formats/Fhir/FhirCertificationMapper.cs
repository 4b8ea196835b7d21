using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Codes = Exchange.Adapters.Formats.Fhir.FhirCertificationProfile.ProblemCodes;
using Profile = Exchange.Adapters.Formats.Fhir.FhirCertificationProfile;

namespace Exchange.Adapters.Formats.Fhir;

/// <summary>
/// Maps a FHIR R4 Bundle of certification <c>Observation</c>s (the hub's profile, see
/// docs/adapters.md) to certification records. Each entry is parsed on its own with the
/// official SDK, so one malformed resource is one problem, not a lost bundle. Problems name the
/// FHIR element, e.g. <c>Bundle.entry[2].resource.subject</c>.
/// </summary>
public static class FhirCertificationMapper
{
    private static readonly JsonSerializerOptions s_fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private static readonly TimeSpan s_chinaTime = TimeSpan.FromHours(8);

    /// <summary>Maps a Bundle from its JSON.</summary>
    public static FhirBundleMapping MapBundle(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return new([], null, Problem("Bundle", Codes.Invalid, $"Not JSON: {e.Message}", $"不是有效的 JSON：{e.Message}"));
        }
        if (root is not JsonObject bundle || (string?)bundle["resourceType"] != "Bundle")
            return new([], null, Problem("Bundle", Codes.NotBundle, "The document is not a FHIR Bundle.", "文档不是 FHIR Bundle。"));

        var next = (bundle["link"] as JsonArray)?.OfType<JsonObject>()
            .Where(l => (string?)l["relation"] == "next")
            .Select(l => Uri.TryCreate((string?)l["url"], UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(u => u is not null);

        var entries = (bundle["entry"] as JsonArray)?.ToList() ?? [];
        var parsed = entries.Select((entry, i) => Parse(entry as JsonObject, i)).ToList();

        var supporting = parsed.Where(p => p.Resource is Patient or Organization).ToList();
        Resource? Resolve(ResourceReference? reference) => reference?.Reference is { } r
            ? supporting.FirstOrDefault(s => s.FullUrl == r || (s.FullUrl?.EndsWith("/" + r, StringComparison.Ordinal) ?? false)
                || $"{s.Type}/{s.Resource!.Id}" == r)?.Resource
            : null;

        var mapped = parsed.Select(p => p switch
        {
            { SearchOutcome: true } => new FhirEntryMapping(p.Index, p.Origin, FhirEntryDisposition.SearchOutcome, p.Type, null, [], null),
            { Problems.Count: > 0 } => new FhirEntryMapping(p.Index, p.Origin, FhirEntryDisposition.Rejected, p.Type, null, p.Problems, null),
            { Resource: Observation observation } => Map(observation, p.Index, p.Origin, Resolve),
            _ => new FhirEntryMapping(p.Index, p.Origin, FhirEntryDisposition.Supporting, p.Type, null, [], null),
        }).ToList();
        return new FhirBundleMapping(mapped, next, null);
    }

    private sealed record ParsedEntry(int Index, string Origin, string? FullUrl, string? Type, Resource? Resource, IReadOnlyList<Problem> Problems, bool SearchOutcome = false);

    // Every entry is answered: a certification, a supporting resource, the server's remark on the
    // search, or a rejected entry with its own problems. None is dropped without a word.
    private static ParsedEntry Parse(JsonObject? entry, int index)
    {
        var origin = string.Create(CultureInfo.InvariantCulture, $"Bundle.entry[{index}].resource");
        var resourceNode = entry?["resource"] as JsonObject;
        var fullUrl = (string?)entry?["fullUrl"];
        var type = (string?)resourceNode?["resourceType"];
        if ((string?)entry?["search"]?["mode"] == "outcome" && type == "OperationOutcome")
            return new(index, origin, fullUrl, type, null, [], SearchOutcome: true);
        switch (type)
        {
            case null:
                return new(index, origin, fullUrl, null, null, [Problem(origin[..^".resource".Length], Codes.Missing, "The entry has no resource.", "条目缺少 resource。")]);
            case "Consent":
                return new(index, origin, fullUrl, type, null, [Problem(origin, Codes.UnsupportedResource,
                    "A Consent is not a certification: push consents to POST /v1/records/consent.",
                    "Consent 不是认定记录：授权请提交至 POST /v1/records/consent。")]);
            case not ("Observation" or "Patient" or "Organization"):
                return new(index, origin, fullUrl, type, null, [Problem(origin, Codes.UnsupportedResource,
                    $"A {type} is not a certification: send certifications as Observation (see the hub's certification profile).",
                    $"{type} 不是认定记录，请按平台认定配置以 Observation 发送。")]);
        }
        try
        {
            return new(index, origin, fullUrl, type, JsonSerializer.Deserialize<Resource>(resourceNode!.ToJsonString(), s_fhir), []);
        }
        catch (DeserializationFailedException e)
        {
            // The SDK names each element it cannot accept: every one is a problem at that element of this entry.
            return new(index, origin, fullUrl, type, null, [.. e.Exceptions.Select(error => InvalidElement(origin, type, error))]);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return new(index, origin, fullUrl, type, null, [Problem(origin, Codes.Invalid,
                $"{origin} is not a valid FHIR R4 {type}: {Shorten(e.Message)}", $"{origin} 不是有效的 FHIR R4 {type} 资源：{Shorten(e.Message)}")]);
        }
    }

    private static Problem InvalidElement(string origin, string type, CodedException error)
    {
        var extended = error as ExtendedCodedException;
        // The SDK read the entry on its own, so its paths start at the resource (its type, or $this for a
        // missing element): point into the entry instead.
        var path = extended?.InstancePath switch
        {
            { } p when p.StartsWith(type + ".", StringComparison.Ordinal) => origin + p[type.Length..],
            { } p when p.StartsWith("$this.", StringComparison.Ordinal) => origin + p["$this".Length..],
            _ => origin,
        };
        var detail = Shorten((extended?.BaseErrorMessage ?? error.Message).Replace("$this", origin, StringComparison.Ordinal));
        return Problem(path, Codes.Invalid, $"{path} is not valid FHIR R4: {detail}", $"{path} 不符合 FHIR R4：{detail}");
    }

    /// <summary>Maps one certification Observation; <paramref name="resolve"/> finds a referenced Patient or Organization in the same bundle.</summary>
    public static FhirEntryMapping Map(Observation observation, int index, string origin, Func<ResourceReference?, Resource?> resolve)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(resolve);
        var problems = new List<Problem>();
        var record = new JsonObject();

        var recordId = observation.Identifier.FirstOrDefault(i => i.System != Profile.CertificateNumberSystem && !string.IsNullOrEmpty(i.Value))?.Value ?? observation.Id;
        Set(record, "recordId", recordId);
        if (recordId is null)
            problems.Add(Problem(origin + ".identifier", Codes.Missing, "The Observation has neither an identifier nor an id.", "Observation 缺少 identifier 和 id。"));
        Set(record, "certificateNumber", observation.Identifier.FirstOrDefault(i => i.System == Profile.CertificateNumberSystem)?.Value);

        Set(record, "residentId", Subject(observation.Subject, resolve, origin, problems));
        Set(record, "certificationType", HardshipType(observation.Code, origin, problems));
        Set(record, "status", Status(observation.Status, origin, problems));
        MapComponents(observation, record, origin, problems);
        MapPerformer(observation, record, origin, problems, resolve);
        MapEffective(observation.Effective, record, origin, problems);

        return new FhirEntryMapping(index, origin, problems.Count == 0 ? FhirEntryDisposition.Mapped : FhirEntryDisposition.Rejected,
            "Observation", JsonSerializer.SerializeToUtf8Bytes(record), problems, observation.Meta?.LastUpdated);
    }

    private static string? Subject(ResourceReference? subject, Func<ResourceReference?, Resource?> resolve, string origin, List<Problem> problems)
    {
        static bool IsResident(Identifier? i) => i is not null && (i.System == Profile.ResidentIdSystem || i.System == Profile.ResidentIdNamingSystem) && !string.IsNullOrEmpty(i.Value);
        if (subject?.Identifier is { } own && IsResident(own))
            return own.Value!.Trim().ToUpperInvariant();
        if (resolve(subject) is Patient patient && patient.Identifier.FirstOrDefault(IsResident) is { Value: { } value })
            return value.Trim().ToUpperInvariant();
        problems.Add(Problem(origin + ".subject", Codes.UnmappedSubject,
            $"The subject must carry a resident id (identifier system {Profile.ResidentIdSystem}), or refer to a Patient in the bundle that does.",
            $"subject 须带有公民身份号码（identifier system {Profile.ResidentIdSystem}），或引用本 Bundle 中带有该标识的 Patient。"));
        return null;
    }

    private static string? HardshipType(CodeableConcept? code, string origin, List<Problem> problems)
    {
        var coding = code?.Coding.FirstOrDefault(c => c.System == Profile.HardshipTypeSystem && !string.IsNullOrEmpty(c.Code));
        if (coding is null)
            problems.Add(Problem(origin + ".code", Codes.UnmappedCode,
                $"Observation.code has no coding of {Profile.HardshipTypeSystem}: this is not a certification the hub knows.",
                $"Observation.code 缺少 {Profile.HardshipTypeSystem} 编码，不是平台认可的认定类型。"));
        return coding?.Code;
    }

    private static string? Status(ObservationStatus? status, string origin, List<Problem> problems)
    {
        switch (status)
        {
            case ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected:
                return "active";
            case ObservationStatus.Cancelled or ObservationStatus.EnteredInError:
                return "revoked";
            default:
                problems.Add(Problem(origin + ".status", Codes.UnmappedStatus,
                    $"Status '{status?.ToString() ?? "(none)"}' is not a decided certification: send final, amended, corrected, cancelled or entered-in-error.",
                    "状态不是已确定的认定：应为 final、amended、corrected、cancelled 或 entered-in-error。"));
                return null;
        }
    }

    private static void MapComponents(Observation observation, JsonObject record, string origin, List<Problem> problems)
    {
        for (var i = 0; i < observation.Component.Count; i++)
        {
            var component = observation.Component[i];
            var name = component.Code?.Coding.FirstOrDefault(c => c.System == Profile.ComponentSystem)?.Code;
            var value = (component.Value as CodeableConcept)?.Coding.FirstOrDefault()?.Code ?? (component.Value as FhirString)?.Value;
            var path = string.Create(CultureInfo.InvariantCulture, $"{origin}.component[{i}]");
            if (name is "disability-category" or "disability-grade" && value is not null)
                record[name == "disability-category" ? "disabilityCategory" : "disabilityGrade"] = value;
            else
                problems.Add(Problem(path, Codes.UnmappedComponent,
                    $"The component is not a {Profile.ComponentSystem} disability-category or disability-grade with a coded value.",
                    $"component 不是 {Profile.ComponentSystem} 中带编码值的残疾类别（disability-category）或残疾等级（disability-grade）。"));
        }
    }

    private static void MapPerformer(Observation observation, JsonObject record, string origin, List<Problem> problems, Func<ResourceReference?, Resource?> resolve)
    {
        var performer = observation.Performer.FirstOrDefault();
        var organisation = resolve(performer) as Organization;
        var code = performer?.Identifier is { System: Profile.CreditCodeSystem } id ? id.Value
            : organisation?.Identifier.FirstOrDefault(i => i.System == Profile.CreditCodeSystem)?.Value;
        if (code is null)
            problems.Add(Problem(origin + ".performer", Codes.UnmappedPerformer,
                $"The performer must name the issuing bureau by credit code (identifier system {Profile.CreditCodeSystem}).",
                $"performer 须以统一社会信用代码（identifier system {Profile.CreditCodeSystem}）标明认定机构。"));
        Set(record, "issuerCreditCode", code?.ToUpperInvariant());
        Set(record, "issuerName", performer?.Display ?? organisation?.Name);

        var region = RegionExtension(observation) ?? RegionExtension(performer) ?? RegionExtension(organisation)
            ?? organisation?.Address.FirstOrDefault()?.District;
        if (region is null)
            problems.Add(Problem(origin + ".extension", Codes.Missing,
                $"The region the bureau serves is missing: extension {Profile.IssuerRegionExtension} with a GB/T 2260 valueCode.",
                $"缺少认定机构所辖行政区划：请使用扩展 {Profile.IssuerRegionExtension} 并给出 GB/T 2260 代码（valueCode）。"));
        Set(record, "issuerRegion", region);
    }

    private static string? RegionExtension(IExtendable? element) =>
        element?.Extension.FirstOrDefault(e => e.Url == Profile.IssuerRegionExtension)?.Value switch
        {
            Code c => c.Value,
            FhirString s => s.Value,
            _ => null,
        };

    private static void MapEffective(DataType? effective, JsonObject record, string origin, List<Problem> problems)
    {
        var (start, end) = effective switch
        {
            Period period => (period.Start, period.End),
            FhirDateTime instant => (instant.Value, null),
            _ => (null, null),
        };
        var from = Day(start);
        if (from is null)
            problems.Add(Problem(origin + ".effectivePeriod", Codes.Missing, "effectivePeriod.start (the first day the certification holds) is missing.", "缺少 effectivePeriod.start（认定生效日期）。"));
        Set(record, "validFrom", from);
        Set(record, "validThrough", Day(end));
    }

    // A FHIR date or dateTime to the calendar day in China: certifications are dated where they are issued.
    private static string? Day(string? value)
    {
        if (value is null)
            return null;
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? DateOnly.FromDateTime(instant.ToOffset(s_chinaTime).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
    }

    private static void Set(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            target[name] = value;
    }

    private static Problem Problem(string element, string code, string message, string messageZh) => new(element, code, message, messageZh);

    private static string Shorten(string message) => message.Length <= 200 ? message : message[..200] + "…";
}
