namespace Exchange.Core.Model;

/// <summary>What every canonical record has.</summary>
public interface ICanonicalRecord
{
    /// <summary>The source system's own identifier for the record, unique within the source organisation.</summary>
    string RecordId { get; }
}

/// <summary>
/// A record about one person, who is identified by a resident id at the door and by a
/// pseudonymous linkage key everywhere after it.
/// </summary>
public interface ISubjectRecord : ICanonicalRecord
{
    /// <summary>The subject's resident id (GB 11643) as sent; removed by pseudonymisation.</summary>
    string? ResidentId { get; }

    /// <summary>A copy of the record with every clear identifier of the subject removed.</summary>
    ISubjectRecord WithoutClearIdentifiers();
}
