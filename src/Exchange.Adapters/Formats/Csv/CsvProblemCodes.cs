namespace Exchange.Adapters.Formats.Csv;

/// <summary>Stable codes of the problems the CSV reader reports; never renamed or reused.</summary>
public static class CsvProblemCodes
{
#pragma warning disable CS1591 // The names are their own documentation; docs/adapters.md lists the meanings.
    public const string Encoding = "csv.encoding";
    public const string Empty = "csv.empty";
    public const string TooLarge = "csv.too-large";
    public const string Malformed = "csv.malformed";
    public const string UnknownHeader = "csv.unknown-header";
    public const string DuplicateHeader = "csv.duplicate-header";
    public const string ExtraFields = "csv.extra-fields";
    public const string BadDate = "csv.bad-date";
    public const string BadInteger = "csv.bad-integer";
    public const string BadSex = "csv.bad-sex";
    public const string UnknownProfile = "csv.unknown-profile";
#pragma warning restore CS1591
}
