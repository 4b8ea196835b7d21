namespace Exchange.Core.Tests.Conformance;

/// <summary>The ways the conformance corpus breaks a sample record.</summary>
public enum MutationKind
{
    WrongType,
    MissingProperty,
    ExtraProperty,
    BadPattern,
    BadCode,
    BadLength,
    BadNumber,
    BadDate,
    UnexpectedNull,
    DeepNesting,
    RepeatedProperty,
    EscapedName,
    Mixed,
}
