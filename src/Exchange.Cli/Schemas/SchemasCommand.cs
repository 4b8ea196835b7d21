using System.CommandLine;
using Exchange.Core.Model;
using Exchange.Core.Schemas;

namespace Exchange.Cli.Schemas;

/// <summary><c>exchange schemas write|check DIR</c>: regenerate the published schemas from the C# types, or check them.</summary>
internal static class SchemasCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The schemas folder of the repository, e.g. schemas/" };
        var write = new Command("write", "Rewrite <kind>.v1.schema.json for every kind from the C# record types.") { directory };
        write.SetAction(parse =>
        {
            foreach (var path in SchemaGenerator.WriteAll(parse.GetValue(directory)!.FullName))
                Console.WriteLine($"wrote {path}");
            return 0;
        });

        var checkDirectory = new Argument<DirectoryInfo>("directory") { Description = "The schemas folder to compare with the C# record types" };
        var check = new Command("check", "Exit 1 when a published schema differs from what the C# types generate.") { checkDirectory };
        check.SetAction(parse =>
        {
            var drifted = RecordKinds.All
                .Where(kind =>
                {
                    var path = Path.Combine(parse.GetValue(checkDirectory)!.FullName, kind.SchemaFileName());
                    return !File.Exists(path) || File.ReadAllText(path) != SchemaGenerator.Generate(kind);
                })
                .ToList();
            foreach (var kind in drifted)
                Console.Error.WriteLine($"{kind.SchemaFileName()} differs from the C# type; run 'exchange schemas write'.");
            return drifted.Count == 0 ? 0 : 1;
        });

        return new Command("schemas", "Generate or check the published JSON Schemas.") { write, check };
    }
}
