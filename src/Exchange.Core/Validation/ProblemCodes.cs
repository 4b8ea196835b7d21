namespace Exchange.Core.Validation;

/// <summary>
/// The stable problem codes. Clients switch on these, so a code once published is never
/// renamed or reused for another meaning; docs/model.md lists them.
/// </summary>
public static class ProblemCodes
{
    // The bytes could not be read as a record.
    public const string InputTooLarge = "input.too-large";
    public const string InputEncoding = "input.encoding";
    public const string InputNotJson = "input.not-json";
    public const string InputTooDeep = "input.too-deep";
    public const string InputNotObject = "input.not-object";
    // A request body (not a record) naming a member its endpoint does not take.
    public const string InputUnknownMember = "input.unknown-member";
    public const string InputWrongType = "input.wrong-type";
    public const string InputEmpty = "input.empty";
    public const string InputUnknownKind = "input.unknown-kind";
    public const string InputUnreadableRecords = "input.unreadable-records";

    // Not the input's fault: the hub could not store it now, and the same request may be sent again.
    public const string LogUnavailable = "log.unavailable";
    public const string DatabaseUnavailable = "database.unavailable";

    // The record does not match the published JSON Schema.
    public const string SchemaRequired = "schema.required";
    public const string SchemaType = "schema.type";
    public const string SchemaAdditionalProperty = "schema.additional-property";
    public const string SchemaPattern = "schema.pattern";
    public const string SchemaLength = "schema.length";
    public const string SchemaRange = "schema.range";
    public const string SchemaItems = "schema.items";
    public const string SchemaFormat = "schema.format";
    public const string SchemaInvalid = "schema.invalid";

    // The record breaks a business rule.
    public const string ResidentIdCheckCharacter = "resident-id.check-character";
    public const string ResidentIdBirthDate = "resident-id.birth-date";
    public const string ResidentIdBirthDateMismatch = "resident-id.birth-date-mismatch";
    public const string ResidentIdRegionUnknown = "resident-id.region-unknown";
    public const string ResidentIdSexMismatch = "resident-id.sex-mismatch";
    public const string ResidentIdMisplaced = "resident-id.misplaced";
    public const string CreditCodeCheckCharacter = "credit-code.check-character";
    public const string DatesOutOfOrder = "dates.out-of-order";
    public const string CodeUnknown = "code.unknown";
    public const string CodeRetired = "code.retired";
    public const string MajorUnknown = "major.unknown";
    public const string DisabilityDetailWithoutDisability = "disability.detail-without-disability";
    public const string DisabilityDetailMissing = "disability.detail-missing";
    public const string PayMinAboveMax = "pay.min-above-max";
    public const string EvidenceMissing = "placement.evidence-missing";
    public const string ConsentSensitiveNotSeparate = "consent.sensitive-not-separate";
    public const string ConsentWithdrawalTime = "consent.withdrawal-time";
    public const string ConsentGrantee = "consent.grantee";
    public const string TextTooLong = "text.too-long";
    public const string TextNulCharacter = "text.nul-character";
    public const string ListDuplicate = "list.duplicate";
}
