using Exchange.Core.Batches;
using Exchange.Core.Codes;
using Exchange.Core.Schemas;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests;

/// <summary>One validator over the repository's schemas and code lists, shared by the tests of a class.</summary>
public sealed class ValidatorFixture
{
    public ValidatorFixture()
    {
        Codes = CodeListCatalog.Load(Repository.PathOf("schemas", "codes"));
        Schemas = SchemaCatalog.LoadAsync(Repository.PathOf("schemas"), CancellationToken.None).GetAwaiter().GetResult();
        Validator = new RecordValidator(Schemas, Codes);
        Batches = new BatchValidator(Validator);
    }

    public CodeListCatalog Codes { get; }
    public SchemaCatalog Schemas { get; }
    public RecordValidator Validator { get; }
    public BatchValidator Batches { get; }
}
