using System.Globalization;
using System.Text.Json.Nodes;
using Exchange.Core.Identifiers;

namespace Exchange.Cli.Tests;

/// <summary>
/// Graduates of the sample's university, each a different person: born 500 to a day from
/// <paramref name="firstBorn"/>, with a well-formed resident id whose date and sex agree with the record.
/// </summary>
internal static class SampleGraduates
{
    /// <summary>Graduates <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1, as a JSON array.</summary>
    public static string Json(string recordIdPrefix, DateOnly firstBorn, int from, int count)
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "samples", "graduate.valid.json")))!.AsArray()[0]!;
        var graduates = new JsonArray();
        for (var n = from; n < from + count; n++)
        {
            var born = firstBorn.AddDays(n / 500);
            var first17 = string.Create(CultureInfo.InvariantCulture, $"410102{born:yyyyMMdd}{(n % 500 * 2) + 1:D3}");
            var graduate = sample.DeepClone();
            graduate["recordId"] = string.Create(CultureInfo.InvariantCulture, $"{recordIdPrefix}{n:D5}");
            graduate["studentId"] = string.Create(CultureInfo.InvariantCulture, $"2{firstBorn.Year % 10}{n:D8}");
            graduate["residentId"] = first17 + ResidentId.ComputeCheckCharacter(first17);
            graduate["birthDate"] = born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            graduate["sex"] = "1";
            graduates.Add(graduate);
        }
        return graduates.ToJsonString();
    }
}
