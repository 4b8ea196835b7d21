using System.Globalization;
using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace Exchange.Access.Consent;

/// <summary>
/// Maps FHIR R4 <c>Consent</c> resources to <see cref="ConsentGrant"/>s. It maps what the hub can
/// enforce and refuses, with a problem naming the element, anything it cannot: silently dropping
/// a restriction (a deny provision, a security label, a data period) would release more than the
/// subject agreed to. The systems it understands are in <see cref="FhirConsentSystems"/>.
/// </summary>
public static class FhirConsentMapper
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    // Strict: an unknown element or a malformed value is a problem, not something to skip.
    internal static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    /// <summary>Parses FHIR JSON and maps it. <paramref name="pseudonymise"/> turns a resident id into a linkage key (null when it cannot).</summary>
    public static FhirConsentMapping Parse(string json, string sourceOrganisation, Func<string, string?> pseudonymise)
    {
        FhirConsent? consent;
        try
        {
            consent = JsonSerializer.Deserialize<Resource>(json, JsonOptions) as FhirConsent;
        }
        catch (Exception e) when (e is JsonException or DeserializationFailedException or FormatException)
        {
            return Failed(Problem("Consent", ConsentProblemCodes.FhirInvalid, $"Not a valid FHIR R4 resource: {Shorten(e.Message)}", $"不是有效的 FHIR R4 资源：{Shorten(e.Message)}"));
        }

        return consent is null
            ? Failed(Problem("Consent", ConsentProblemCodes.FhirInvalid, "The resource is not a Consent.", "该资源不是 Consent。"))
            : Map(consent, sourceOrganisation, pseudonymise);
    }

    /// <summary>
    /// The canonical consent record a FHIR Consent stands for, with the patient's resident id in
    /// clear, so that it can take the same way into the hub as any consent record: validated,
    /// judged by the write policy, pseudonymised at the door and appended to the log. Null with the
    /// problems when it cannot be mapped.
    /// </summary>
    public static (ConsentRecord? Record, IReadOnlyList<Problem> Problems) ToRecord(FhirConsent consent, string sourceOrganisation)
    {
        string? residentId = null;
        // The key is not needed here: the door pseudonymises the record's resident id itself.
        var mapped = Map(consent, sourceOrganisation, id =>
        {
            residentId = id;
            return id;
        });
        if (mapped.Grant is not { } grant)
            return (null, mapped.Problems);
        // Named by a linkage key: a key made elsewhere under another secret names someone else, and
        // one made here names a consent the hub holds already. Only a resident id comes in.
        if (residentId is null)
            return (null, [Problem("Consent.patient.identifier", ConsentProblemCodes.FhirSubjectKeyNotAccepted,
                "A consent comes into the hub with the patient's resident id, which the hub pseudonymises itself; a subject key (as the hub's exports carry) is not accepted.",
                "授权须以当事人身份证号码提交，由平台自行假名化；不接受主体键（平台导出的授权所用）。")]);
        return (new ConsentRecord
        {
            RecordId = grant.SourceRecordId,
            ResidentId = residentId,
            Grantee = new ConsentGrantee { OrganisationCreditCode = grant.Grantee.Organisation, Role = grant.Grantee.Role?.Name() },
            Purposes = [.. grant.Purposes.Select(p => p.Name()).Order(StringComparer.Ordinal)],
            DataCategories = [.. grant.Categories.Select(c => c.Name()).Order(StringComparer.Ordinal)],
            ValidFrom = grant.ValidFrom,
            ValidThrough = grant.ValidThrough,
            Status = grant.Status.Name(),
            GivenAt = grant.GivenAt,
            WithdrawnAt = grant.WithdrawnAt,
            Evidence = new ConsentEvidence { Method = grant.Evidence.Method, Reference = grant.Evidence.Reference },
        }, []);
    }

    /// <summary>Maps a parsed Consent.</summary>
    public static FhirConsentMapping Map(FhirConsent consent, string sourceOrganisation, Func<string, string?> pseudonymise)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var problems = new List<Problem>();

        var recordId = consent.Id ?? consent.Identifier.FirstOrDefault()?.Value;
        if (string.IsNullOrEmpty(recordId))
        {
            problems.Add(Missing("Consent.id", "an id or identifier", "编号（id 或 identifier）"));
        }
        else if (ResidentIdScrubber.ContainsResidentId(recordId))
        {
            // The id keys the consent in the store and the change feed: it must not be the person's resident id.
            problems.Add(new Problem("Consent.id", ProblemCodes.ResidentIdMisplaced,
                "Consent.id holds a resident id. Identify the person only in Consent.patient; use your system's own key as the id.",
                "Consent.id 中含有公民身份号码。身份号码只能出现在 Consent.patient 中，id 请使用本系统自身的编号。"));
        }

        var status = MapStatus(consent, problems);
        var subjectKey = MapPatient(consent.Patient, pseudonymise, problems);
        var givenAt = ParseInstant(consent.DateTime, "Consent.dateTime", problems);
        var withdrawnAt = status == ConsentStatus.Withdrawn ? WithdrawnAt(consent, givenAt, problems) : null;
        var evidence = MapEvidence(consent, recordId);

        var provision = consent.Provision;
        Grantee? grantee = null;
        HashSet<Purpose> purposes = [];
        HashSet<DataCategory> categories = [];
        DateOnly? validFrom = null, validThrough = null;
        if (provision is null)
        {
            problems.Add(Missing("Consent.provision", "a provision", "授权条款（provision）"));
        }
        else
        {
            MapProvisionShape(provision, problems);
            (validFrom, validThrough) = MapPeriod(provision.Period, problems);
            grantee = MapActor(provision.Actor, problems);
            purposes = MapPurposes(provision.Purpose, problems);
            categories = MapCategories(provision, problems);
        }

        if (problems.Count > 0)
        {
            return Failed([.. problems]);
        }

        var grant = new ConsentGrant(subjectKey!, grantee!, purposes, categories, validFrom!.Value, validThrough!.Value, status!.Value,
            givenAt!.Value, withdrawnAt, evidence, recordId!, sourceOrganisation);
        var invalid = grant.Problems().Select(ToFhirPointer).ToList();
        return invalid.Count > 0 ? Failed([.. invalid]) : new FhirConsentMapping(grant, []);
    }

    private static ConsentStatus? MapStatus(FhirConsent consent, List<Problem> problems)
    {
        switch (consent.Status)
        {
            case FhirConsent.ConsentState.Active:
                return ConsentStatus.Active;
            // Inactive: no longer in force. Rejected: refused. Either way it releases nothing from its time on.
            case FhirConsent.ConsentState.Inactive:
            case FhirConsent.ConsentState.Rejected:
                return ConsentStatus.Withdrawn;
            case null:
                problems.Add(Missing("Consent.status", "a status", "状态（status）"));
                return null;
            default:
                problems.Add(Problem("Consent.status", ConsentProblemCodes.FhirUnmappedStatus,
                    $"Status '{consent.StatusElement?.JsonValue}' has no counterpart; send active, inactive or rejected.",
                    $"状态“{consent.StatusElement?.JsonValue}”无法对应；请使用 active、inactive 或 rejected。"));
                return null;
        }
    }

    private static string? MapPatient(ResourceReference? patient, Func<string, string?> pseudonymise, List<Problem> problems)
    {
        var identifier = patient?.Identifier;
        if (identifier?.Value is not { Length: > 0 } value)
        {
            problems.Add(Problem("Consent.patient", ConsentProblemCodes.FhirUnmappedPatient,
                "The patient must be named by an identifier: a resident id or the hub's subject key.", "须以身份证号码或平台主体键标识当事人。"));
            return null;
        }

        switch (identifier.System)
        {
            case FhirConsentSystems.SubjectKey:
                return value;
            case FhirConsentSystems.ResidentId or FhirConsentSystems.ResidentIdOid:
                var key = pseudonymise(value);
                if (key is null)
                {
                    problems.Add(Problem("Consent.patient.identifier", ConsentProblemCodes.FhirUnlinkablePatient,
                        "The resident id could not be linked (it is not a valid resident id).", "身份证号码无法关联（不是有效的身份证号码）。"));
                }

                return key;
            default:
                problems.Add(Problem("Consent.patient.identifier.system", ConsentProblemCodes.FhirUnmappedPatient,
                    $"Identifier system '{identifier.System}' is not a resident id or subject key system.", $"标识体系“{identifier.System}”不是身份证号码或平台主体键的标识体系。"));
                return null;
        }
    }

    private static DateTimeOffset? WithdrawnAt(FhirConsent consent, DateTimeOffset? givenAt, List<Problem> problems)
    {
        if (consent.GetExtension(FhirConsentSystems.WithdrawnAtExtension)?.Value is FhirDateTime extension)
        {
            return ParseInstant(extension.Value, $"Consent.extension('{FhirConsentSystems.WithdrawnAtExtension}')", problems);
        }

        if (consent.Meta?.LastUpdated is { } lastUpdated)
        {
            return lastUpdated;
        }

        // A refused consent never released anything: it counts as withdrawn when it was given.
        if (consent.Status == FhirConsent.ConsentState.Rejected)
        {
            return givenAt;
        }

        problems.Add(Missing("Consent.meta.lastUpdated", "the withdrawal time (withdrawn-at extension or meta.lastUpdated)", "撤回时间（withdrawn-at 扩展或 meta.lastUpdated）"));
        return null;
    }

    private static GrantEvidence MapEvidence(FhirConsent consent, string? recordId)
    {
        var extension = consent.GetExtension(FhirConsentSystems.EvidenceExtension);
        var method = (extension?.GetExtension("method")?.Value as Code)?.Value;
        var reference = (extension?.GetExtension("reference")?.Value as FhirString)?.Value;
        return new GrantEvidence(method ?? FhirConsentSystems.FhirEvidenceMethod, ResidentIdScrubber.Scrub(reference) ?? $"Consent/{recordId}");
    }

    private static void MapProvisionShape(FhirConsent.provisionComponent provision, List<Problem> problems)
    {
        if (provision.Type is null)
        {
            // Without a type the provision defers to Consent.policyRule, which the hub cannot read.
            problems.Add(Missing("Consent.provision.type", "an explicit provision type (permit)", "明确的条款类型（permit）"));
        }
        else if (provision.Type != FhirConsent.ConsentProvisionType.Permit)
        {
            problems.Add(Problem("Consent.provision.type", ConsentProblemCodes.FhirDenyProvision,
                "Only permit provisions are accepted; whatever is not permitted is denied already.", "仅接受许可（permit）条款；未经许可的一律拒绝。"));
        }

        for (var i = 0; i < provision.Provision.Count; i++)
        {
            problems.Add(Problem($"Consent.provision.provision[{i}]", ConsentProblemCodes.FhirNestedProvision,
                "Nested provisions are not supported; send one consent per permission.", "不支持嵌套条款；请每项许可单独提交一份授权。"));
        }

        Restriction(provision.SecurityLabel.Count > 0, "Consent.provision.securityLabel", problems);
        Restriction(provision.DataPeriod is not null, "Consent.provision.dataPeriod", problems);
        Restriction(provision.Data.Count > 0, "Consent.provision.data", problems);

        // An action list that permits no read (e.g. only "correct") must not become a read permission.
        if (provision.Action.Count > 0 && !provision.Action.Any(a => a.Coding.Any(c =>
                c.System == FhirConsentSystems.ConsentAction && c.Code is "access" or "disclose" or "use")))
        {
            problems.Add(Problem("Consent.provision.action", ConsentProblemCodes.FhirUnmappedAction,
                "The actions permit no reading or disclosure (access, disclose or use).", "所列操作不包含读取或披露（access、disclose、use）。"));
        }
    }

    private static void Restriction(bool present, string path, List<Problem> problems)
    {
        if (present)
        {
            problems.Add(Problem(path, ConsentProblemCodes.FhirUnsupportedRestriction,
                "This restriction cannot be enforced by the hub; ignoring it would release more than was consented.", "平台无法执行此限制；忽略它将超出授权范围披露数据。"));
        }
    }

    private static (DateOnly?, DateOnly?) MapPeriod(Period? period, List<Problem> problems)
    {
        if (period?.Start is null || period.End is null)
        {
            problems.Add(Missing("Consent.provision.period", "a period with start and end", "有起止日期的有效期（period）"));
            return (null, null);
        }

        var start = ParseDay(period.Start, "Consent.provision.period.start", problems);
        var end = ParseDay(period.End, "Consent.provision.period.end", problems);
        return (start, end);
    }

    private static Grantee? MapActor(List<FhirConsent.provisionActorComponent> actors, List<Problem> problems)
    {
        if (actors.Count == 0)
        {
            problems.Add(Missing("Consent.provision.actor", "the grantee as an actor", "作为 actor 的被授权方"));
            return null;
        }

        for (var i = 1; i < actors.Count; i++)
        {
            problems.Add(Problem($"Consent.provision.actor[{i}]", ConsentProblemCodes.FhirMultipleActors,
                "A consent names exactly one grantee; send one consent per grantee.", "每份授权只能指定一个被授权方。"));
        }

        var actor = actors[0];
        if (actor.Role?.Coding.FirstOrDefault(c => c.System == FhirConsentSystems.PartyRole) is { } roleCoding
            && PartyRoles.TryParse(roleCoding.Code, out var role))
        {
            // Read as the whole role only when the reference names no single party: one that names an
            // organisation may have meant just that one, and the role would release to all of them.
            if (actor.Reference is { Identifier: null } reference && (reference.Reference ?? "Group/").StartsWith("Group/", StringComparison.Ordinal)
                && (reference.Type ?? "Group") == "Group")
            {
                return Grantee.OfRole(role);
            }

            problems.Add(Problem("Consent.provision.actor[0].reference", ConsentProblemCodes.FhirUnmappedActor,
                "A party-role actor stands for every organisation of the role: its reference must name no single party (a display, or a Group).",
                "平台角色被授权方代表该角色的所有机构：其 reference 不得指向单一机构（请使用 display 或 Group）。"));
            return null;
        }

        var isRecipient = actor.Role?.Coding.Any(c => c.System == FhirConsentSystems.ParticipationType && c.Code == FhirConsentSystems.RecipientRole) == true;
        if (isRecipient && actor.Reference?.Identifier is { System: FhirConsentSystems.CreditCode, Value: { Length: > 0 } creditCode })
        {
            return Grantee.OfOrganisation(creditCode);
        }

        problems.Add(Problem("Consent.provision.actor[0]", ConsentProblemCodes.FhirUnmappedActor,
            "The actor must be a recipient (PRCP) organisation identified by credit code, or a party-role coding.",
            "被授权方须为以统一社会信用代码标识的接收机构（PRCP），或平台角色代码。"));
        return null;
    }

    private static HashSet<Purpose> MapPurposes(List<Coding> codings, List<Problem> problems)
    {
        var purposes = new HashSet<Purpose>();
        if (codings.Count == 0)
        {
            problems.Add(Missing("Consent.provision.purpose", "at least one purpose", "至少一项使用目的（purpose）"));
        }

        for (var i = 0; i < codings.Count; i++)
        {
            if (codings[i].System == FhirConsentSystems.Purpose && DataCategories.TryParsePurpose(codings[i].Code, out var purpose))
            {
                purposes.Add(purpose);
            }
            else
            {
                problems.Add(Problem($"Consent.provision.purpose[{i}]", ConsentProblemCodes.FhirUnmappedPurpose,
                    $"'{codings[i].System}#{codings[i].Code}' is not one of the hub's purposes ({FhirConsentSystems.Purpose}).", $"“{codings[i].System}#{codings[i].Code}”不是平台定义的使用目的（{FhirConsentSystems.Purpose}）。"));
            }
        }

        return purposes;
    }

    private static HashSet<DataCategory> MapCategories(FhirConsent.provisionComponent provision, List<Problem> problems)
    {
        var categories = new HashSet<DataCategory>();
        for (var i = 0; i < provision.Class.Count; i++)
        {
            AddCategory(provision.Class[i], $"Consent.provision.class[{i}]", categories, problems);
        }

        for (var i = 0; i < provision.Code.Count; i++)
        {
            var coding = provision.Code[i].Coding.FirstOrDefault(c => c.System == FhirConsentSystems.DataCategory) ?? provision.Code[i].Coding.FirstOrDefault();
            AddCategory(coding, $"Consent.provision.code[{i}]", categories, problems);
        }

        if (provision.Class.Count == 0 && provision.Code.Count == 0)
        {
            problems.Add(Missing("Consent.provision.class", "at least one data category", "至少一项数据类别（class 或 code）"));
        }

        return categories;
    }

    private static void AddCategory(Coding? coding, string path, HashSet<DataCategory> categories, List<Problem> problems)
    {
        if (coding?.System == FhirConsentSystems.DataCategory && DataCategories.TryParseCategory(coding.Code, out var category))
        {
            categories.Add(category);
            return;
        }

        problems.Add(Problem(path, ConsentProblemCodes.FhirUnmappedCategory,
            $"'{coding?.System}#{coding?.Code}' is not one of the hub's data categories ({FhirConsentSystems.DataCategory}).", $"“{coding?.System}#{coding?.Code}”不是平台定义的数据类别（{FhirConsentSystems.DataCategory}）。"));
    }

    private static DateOnly? ParseDay(string value, string path, List<Problem> problems)
    {
        // A FHIR date or dateTime: the calendar day as the sender wrote it.
        if (value.Length >= 10 && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add(Problem(path, ConsentProblemCodes.FhirInvalidPeriod, $"'{value}' is not a full date.", $"“{value}”不是完整日期。"));
        return null;
    }

    private static DateTimeOffset? ParseInstant(string? value, string path, List<Problem> problems)
    {
        if (value is null)
        {
            problems.Add(Missing(path, "a date and time", "日期时间"));
            return null;
        }

        // A bare date is taken as midnight in China Standard Time, the hub's calendar.
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaStandardTime);
        }

        if (value.Length > 10 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        problems.Add(Problem(path, ConsentProblemCodes.FhirInvalidPeriod, $"'{value}' is not a full date or date-time.", $"“{value}”不是完整的日期或日期时间。"));
        return null;
    }

    // Grant problems carry JSON pointers into a consent record; point them at the FHIR elements instead.
    private static Problem ToFhirPointer(Problem problem) => problem with
    {
        Pointer = problem.Pointer switch
        {
            "/dataCategories" => "Consent.provision.class",
            "/grantee" => "Consent.provision.actor",
            "/validThrough" => "Consent.provision.period",
            "/withdrawnAt" => "Consent.status",
            _ => "Consent",
        },
    };

    private static Problem Missing(string path, string what, string whatZh) =>
        Problem(path, ConsentProblemCodes.FhirMissing, $"The consent lacks {what}.", $"授权缺少{whatZh}。");

    private static Problem Problem(string path, string code, string message, string messageZh) => new(path, code, message, messageZh);

    private static FhirConsentMapping Failed(params Problem[] problems) => new(null, problems);

    private static string Shorten(string message) => message.Length <= 200 ? message : message[..200];
}
