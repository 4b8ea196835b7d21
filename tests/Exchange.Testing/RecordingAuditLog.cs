using Exchange.Access.Audit;

namespace Exchange.Testing;

/// <summary>An audit log that keeps what is appended, in order, for tests that check what was audited.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly List<AuditRecord> _records = [];

    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_records)
                return [.. _records];
        }
    }

    public Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            _records.Add(record);
            return Task.FromResult((long)_records.Count);
        }
    }

    public Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var first = _records.Count + 1;
            _records.AddRange(records);
            return Task.FromResult<IReadOnlyList<long>>([.. Enumerable.Range(first, records.Count).Select(i => (long)i)]);
        }
    }
}
