using Exchange.Access.Agreements;
using Exchange.Core.Codes;
using Exchange.Reporting.Statistics;
using Exchange.Testing;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// The index judges, as it writes each graduate's milestones (Index migration 0022), whether a
/// placement counts as placed under each definition and whether it is employment. Those judgements
/// must be the ones the reports show: <see cref="Destinations"/>'s classification of every code.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DestinationDefinitionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_index_counts_as_placed_and_as_employment_exactly_what_the_reports_classify_so()
    {
        var database = (await ReportHarness.LoadAsync(postgres, 1)).Database;
        // Every destination code shipped, its family alone, and codes no list holds.
        var codes = CodeListCatalog.Shipped[CodeListNames.Destination].Entries.Select(e => e.Code)
            .SelectMany(c => new[] { c, c[..2] }).Concat(["00", "99", "7", ""]).Distinct().ToList();
        Assert.True(codes.Count >= 20, $"only {codes.Count} codes");
        var differences = new List<string>();
        foreach (var code in codes)
        {
            foreach (var signed in new bool?[] { true, false, null })
            {
                await using var command = database.CreateCommand(
                    "select report_placed_under(2021, @code, @signed), report_placed_under(2024, @code, @signed), report_employment(@code)");
                command.Parameters.AddWithValue("code", code);
                command.Parameters.Add(new Npgsql.NpgsqlParameter("signed", NpgsqlTypes.NpgsqlDbType.Boolean) { Value = (object?)signed ?? DBNull.Value });
                await using var reader = await command.ExecuteReaderAsync(TestTimeout.Token());
                Assert.True(await reader.ReadAsync(TestTimeout.Token()));
                var under2021 = Destinations.Classify(PlacementFormula.Moe2021, code, signed ?? false);
                var under2024 = Destinations.Classify(PlacementFormula.Moe2024, code, signed ?? false);
                var expected = (Destinations.PlacedParts(PlacementFormula.Moe2021).Contains(under2021),
                    Destinations.PlacedParts(PlacementFormula.Moe2024).Contains(under2024),
                    under2021 is Destinations.ContractEmployment or Destinations.Flexible or Destinations.Entrepreneurship);
                var judged = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
                if (judged != expected)
                    differences.Add($"{code} signed {signed?.ToString() ?? "null"}: index {judged}, reports {expected}");
            }
        }

        Assert.True(differences.Count == 0, string.Join("; ", differences));
    }
}
