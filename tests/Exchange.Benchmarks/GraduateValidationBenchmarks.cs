using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Exchange.Core.Codes;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Schemas;
using Exchange.Core.Validation;

namespace Exchange.Benchmarks;

/// <summary>
/// The full two-layer validation of one graduate record from its JSON bytes, and each stage on
/// its own so that the stage holding the rate back can be named. Records per second on one
/// core is 1 s divided by the Mean of <see cref="FullTwoLayerValidation"/>.
/// </summary>
[MemoryDiagnoser]
public class GraduateValidationBenchmarks
{
    private byte[] _record = [];
    private RecordValidator _validator = null!;
    private StructuralValidator _structural = null!;
    private GraduateRecord _typed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var schemas = SchemaCatalog.LoadAsync(SchemaCatalog.ShippedDirectory, CancellationToken.None).GetAwaiter().GetResult();
        _validator = new RecordValidator(schemas, CodeListCatalog.Shipped);
        _structural = new StructuralValidator(schemas);
        var samples = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "graduate.valid.json")));
        _record = JsonSerializer.SerializeToUtf8Bytes(samples.RootElement[0]);
        _typed = (GraduateRecord)RecordJson.Deserialize(RecordKind.Graduate, _record);
        if (!_validator.Validate(RecordKind.Graduate, _record).IsValid)
            throw new InvalidOperationException("The benchmark record must be valid.");
    }

    [Benchmark(Baseline = true)]
    public bool FullTwoLayerValidation() => _validator.Validate(RecordKind.Graduate, _record).IsValid;

    [Benchmark]
    public int StructuralLayerOnly() => _structural.Validate(RecordKind.Graduate, _record).Count;

    [Benchmark]
    public object DeserializeOnly() => RecordJson.Deserialize(RecordKind.Graduate, _record);

    [Benchmark]
    public bool BusinessRulesOnly() => _validator.ValidateRulesOnly(RecordKind.Graduate, _typed).Count == 0;
}
