namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>Stable codes of the problems the JobPosting mapper reports; each problem's pointer names the JSON-LD property.</summary>
public static class JobPostingProblemCodes
{
#pragma warning disable CS1591 // The names are their own documentation; docs/adapters.md lists the meanings.
    public const string NotJobPosting = "jobposting.not-jobposting";
    public const string Missing = "jobposting.missing";
    public const string CreditCode = "jobposting.unmapped-credit-code";
    public const string Occupation = "jobposting.unmapped-occupation";
    public const string OccupationAmbiguous = "jobposting.ambiguous-occupation";
    public const string Location = "jobposting.unmapped-location";
    public const string Salary = "jobposting.unmapped-salary";
    public const string SalaryUnitUnknown = "jobposting.salary-unit-unknown";
    public const string Openings = "jobposting.bad-openings";
    public const string UnresolvedReference = "jobposting.unresolved-reference";
    public const string EmploymentType = "jobposting.unmapped-employment-type";
    public const string Date = "jobposting.bad-date";
#pragma warning restore CS1591
}
