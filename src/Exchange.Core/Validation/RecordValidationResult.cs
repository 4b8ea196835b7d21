using Exchange.Core.Model;

namespace Exchange.Core.Validation;

/// <summary>The outcome of validating one record: valid with its typed record, or the problems found.</summary>
public sealed record RecordValidationResult
{
    private RecordValidationResult(ICanonicalRecord? record, IReadOnlyList<Problem> problems)
    {
        Record = record;
        Problems = problems;
    }

    /// <summary>The typed record, when the record passed the structural layer.</summary>
    public ICanonicalRecord? Record { get; }

    /// <summary>Every problem found; empty when the record is valid.</summary>
    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>True when both layers passed.</summary>
    public bool IsValid => Problems.Count == 0 && Record is not null;

    /// <summary>The source record id, when it could be read.</summary>
    public string? RecordId => Record?.RecordId;

    /// <summary>For input that mapped to no record, so there was nothing to validate: not valid, and no problems of its own.</summary>
    public static RecordValidationResult NotValidated { get; } = new(null, []);

    internal static RecordValidationResult Valid(ICanonicalRecord record) => new(record, []);

    internal static RecordValidationResult Invalid(IReadOnlyList<Problem> problems, ICanonicalRecord? record = null) =>
        new(record, problems);

    internal static RecordValidationResult Invalid(Problem problem) => new(null, [problem]);
}
