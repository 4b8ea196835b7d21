using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Exchange.Benchmarks.Ingest;
using Exchange.Core.Envelope;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Log;

namespace Exchange.Benchmarks;

/// <summary>
/// What one graduate record costs on its way through the ingest door before any I/O, stage by
/// stage, with what each stage allocates: the ingest benchmark's profile puts a third of the hub's
/// CPU in the garbage collector, so the bytes allocated per record are as much the figure as the time.
/// The record is the ingest benchmark's synthetic graduate.
/// </summary>
[MemoryDiagnoser]
public class DoorRecordBenchmarks
{
    private byte[] _record = [];
    private RecordValidator _validator = null!;
    private Pseudonymiser _pseudonymiser = null!;
    private ICanonicalRecord _validated = null!;
    private RecordEnvelope _envelope = null!;

    [GlobalSetup]
    public void Setup()
    {
        _record = SyntheticGraduates.Create(1)[0];
        _validator = RecordValidator.CreateShippedAsync(CancellationToken.None).GetAwaiter().GetResult();
        _pseudonymiser = new Pseudonymiser(new LinkageKeys(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        _validated = _validator.Validate(RecordKind.Graduate, _record).Record
            ?? throw new InvalidOperationException("The benchmark record must be valid.");
        _envelope = _pseudonymiser.Seal(_validated, RecordKind.Graduate, SyntheticGraduates.Organisation);
    }

    /// <summary>Both layers of validation, from the record's bytes to its typed form.</summary>
    [Benchmark]
    public bool Validate() => _validator.Validate(RecordKind.Graduate, _record).IsValid;

    /// <summary>Pseudonymisation, the content hash and the envelope of a validated record.</summary>
    [Benchmark]
    public RecordEnvelope Seal() => _pseudonymiser.Seal(_validated, RecordKind.Graduate, SyntheticGraduates.Organisation);

    /// <summary>The CloudEvents message of a sealed record: headers, key and value.</summary>
    [Benchmark]
    public LogMessage ToMessage() => CloudEventHeaders.ToMessage(_envelope);

    /// <summary>The three together, as the pipeline runs them for every accepted record.</summary>
    [Benchmark(Baseline = true)]
    public LogMessage Door() => StageHints.Seal(_validator, _pseudonymiser, _record);
}
