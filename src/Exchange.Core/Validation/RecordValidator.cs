using System.Text.Json;
using Exchange.Core.Codes;
using Exchange.Core.Identifiers;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Schemas;
using Exchange.Core.Validation.Rules;
using FluentValidation;

namespace Exchange.Core.Validation;

/// <summary>
/// Validates one record from its JSON bytes in two layers: structural (the published JSON
/// Schema) and business rules (identifiers, dates, code lists). A record is valid only when
/// both pass. Bad input of any shape comes back as problems, never as an exception.
/// </summary>
public sealed class RecordValidator
{
    private readonly Compiled.CompiledStructuralValidator _structural;
    private readonly IReadOnlyDictionary<RecordKind, IValidator> _rules;

    /// <summary>Creates the validator over loaded schemas and code lists; rules that compare with today ask <paramref name="clock"/> (the system's by default).</summary>
    public RecordValidator(SchemaCatalog schemas, CodeListCatalog codes, TimeProvider? clock = null)
    {
        _structural = new Compiled.CompiledStructuralValidator(schemas);
        _rules = new Dictionary<RecordKind, IValidator>
        {
            [RecordKind.Graduate] = new GraduateRules(codes, clock ?? TimeProvider.System),
            [RecordKind.Vacancy] = new VacancyRules(codes),
            [RecordKind.Certification] = new CertificationRules(codes),
            [RecordKind.Policy] = new PolicyRules(codes),
            [RecordKind.Service] = new ServiceRules(codes),
            [RecordKind.Placement] = new PlacementRules(codes),
            [RecordKind.Consent] = new ConsentRules(codes),
            [RecordKind.Feedback] = new FeedbackRules(codes),
        };
    }

    /// <summary>Loads the shipped schemas and code lists and creates a validator over them.</summary>
    public static async Task<RecordValidator> CreateShippedAsync(CancellationToken cancellationToken) =>
        new(await SchemaCatalog.LoadAsync(SchemaCatalog.ShippedDirectory, cancellationToken), CodeListCatalog.Shipped);

    /// <summary>Validates one record of the given kind from its UTF-8 JSON.</summary>
    /// <remarks>
    /// Problems never carry a resident id: a message or pointer that would echo one (an unknown
    /// property named by an id, a pattern mismatch quoting the value) has it replaced by the
    /// scrubber's marker.
    /// </remarks>
    public RecordValidationResult Validate(RecordKind kind, ReadOnlySpan<byte> utf8Json) => Scrubbed(ValidateUnscrubbed(kind, utf8Json));

    /// <summary>
    /// Validates a subject record the hub builds itself for a subject it knows only by linkage key
    /// (a graduate's own consent, given on the pages): every check <see cref="Validate(RecordKind, ReadOnlySpan{byte})"/>
    /// makes, except that the resident id may be absent — the door would only have turned it into
    /// that very key. A resident id the record carries anyway is judged as sent.
    /// </summary>
    public RecordValidationResult ValidateKnownByLinkageKey(RecordKind kind, ReadOnlySpan<byte> utf8Json) =>
        Scrubbed(ValidateUnscrubbed(kind, utf8Json, residentIdMayBeAbsent: true));

    private static RecordValidationResult Scrubbed(RecordValidationResult result)
    {
        var problems = ResidentIdScrubber.Scrub(result.Problems);
        return ReferenceEquals(problems, result.Problems) ? result : RecordValidationResult.Invalid(problems, result.Record);
    }

    private const string ResidentIdPointer = "/residentId";

    private RecordValidationResult ValidateUnscrubbed(RecordKind kind, ReadOnlySpan<byte> utf8Json, bool residentIdMayBeAbsent = false)
    {
        if (InputChecks.Check(utf8Json) is { } inputProblem)
            return RecordValidationResult.Invalid(inputProblem);

        var structural = _structural.Validate(kind, utf8Json);
        if (residentIdMayBeAbsent)
            structural = [.. structural.Where(p => !(p.Code == ProblemCodes.SchemaRequired && p.Pointer == ResidentIdPointer))];
        if (structural.Count > 0)
            return RecordValidationResult.Invalid(structural);

        ICanonicalRecord record;
        try
        {
            record = RecordJson.Deserialize(kind, utf8Json);
        }
        catch (JsonException ex)
        {
            // The schema admits nothing the types cannot hold; reaching here means they drifted.
            return RecordValidationResult.Invalid(new Problem(JsonPointer.FromPath(ex.Path?.TrimStart('$', '.')), ProblemCodes.SchemaType,
                $"The record cannot be read as a {kind.Name()} record: {ex.Message}", $"记录无法按 {kind.Name()} 类型读取：{ex.Message}"));
        }

        var problems = ValidateRulesOnly(kind, record);
        return problems.Count == 0 ? RecordValidationResult.Valid(record) : RecordValidationResult.Invalid(problems, record);
    }

    /// <summary>The business-rule layer alone, for a record already read into its type.</summary>
    public IReadOnlyList<Problem> ValidateRulesOnly(RecordKind kind, ICanonicalRecord record)
    {
        var result = _rules[kind].Validate(new ValidationContext<object>(record));
        var problems = result.IsValid
            ? []
            : result.Errors
                .Select(f => new Problem(JsonPointer.FromPath(f.PropertyName), f.ErrorCode, f.ErrorMessage, f.CustomState as string ?? f.ErrorMessage))
                .ToList();
        problems.AddRange(MisplacedResidentIds(record));
        return problems;
    }

    // An identifier field holding a resident id would carry it past the door as a key or header,
    // and scrubbing it would merge distinct records: such a record is refused instead.
    private static IEnumerable<Problem> MisplacedResidentIds(ICanonicalRecord record)
    {
        if (ResidentIdScrubber.ContainsResidentId(record.RecordId))
            yield return Problems.MisplacedResidentId("/recordId", "recordId");
        if (record is GraduateRecord graduate && ResidentIdScrubber.ContainsResidentId(graduate.StudentId))
            yield return Problems.MisplacedResidentId("/studentId", "studentId");
    }

    /// <summary>Validates a record whose kind is named by a string, answering an unknown kind with a problem.</summary>
    public RecordValidationResult Validate(string kindName, ReadOnlySpan<byte> utf8Json) =>
        RecordKinds.TryParse(kindName, out var kind)
            ? Validate(kind, utf8Json)
            : RecordValidationResult.Invalid(Problems.UnknownKind(kindName));
}
