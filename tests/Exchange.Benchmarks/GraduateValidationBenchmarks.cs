using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Exchange.Core.Codes;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Schemas;
using Exchange.Core.Validation;
using Exchange.Core.Validation.Compiled;

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
    private StructuralValidator _njsonSchema = null!;
    private CompiledStructuralValidator _compiled = null!;
    private GraduateRecord _typed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var schemas = SchemaCatalog.LoadAsync(SchemaCatalog.ShippedDirectory, CancellationToken.None).GetAwaiter().GetResult();
        _validator = new RecordValidator(schemas, CodeListCatalog.Shipped);
        _njsonSchema = new StructuralValidator(schemas);
        _compiled = new CompiledStructuralValidator(schemas);
        var samples = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "graduate.valid.json")));
        _record = JsonSerializer.SerializeToUtf8Bytes(samples.RootElement[0]);
        _typed = (GraduateRecord)RecordJson.Deserialize(RecordKind.Graduate, _record);
        if (!_validator.Validate(RecordKind.Graduate, _record).IsValid)
            throw new InvalidOperationException("The benchmark record must be valid.");
    }

    [Benchmark(Baseline = true)]
    public bool FullTwoLayerValidation() => _validator.Validate(RecordKind.Graduate, _record).IsValid;

    /// <summary>The structural layer as the hub runs it: the compiled schema, one forward pass.</summary>
    [Benchmark]
    public int StructuralLayerOnly() => _compiled.Validate(RecordKind.Graduate, _record).Count;

    /// <summary>The structural layer as NJsonSchema runs it over a JToken: the reference the compiled one is tested against.</summary>
    [Benchmark]
    public int StructuralLayerNJsonSchema() => _njsonSchema.Validate(RecordKind.Graduate, _record).Count;

    [Benchmark]
    public object DeserializeOnly() => RecordJson.Deserialize(RecordKind.Graduate, _record);

    [Benchmark]
    public bool BusinessRulesOnly() => _validator.ValidateRulesOnly(RecordKind.Graduate, _typed).Count == 0;
}
