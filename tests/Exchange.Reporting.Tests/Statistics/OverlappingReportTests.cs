using Exchange.Access.Agreements;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// Two reports a bureau may request that overlap — a province by prefecture, then one of its
/// prefectures by county — share figures (the prefecture's row is the other's total). The second
/// is protected together with what the bureau already holds, so the attacker's audit over both passes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OverlappingReportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_report_overlapping_one_already_published_is_protected_with_it_and_their_joint_audit_passes()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 1200);
        var service = harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)]);
        var henan = ReportParameters.Default with { Region = "410000" };
        var zhengzhou = ReportParameters.Default with { Region = "410100" };

        var province = await service.RunAsync("response-time", henan, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());
        var prefecture = await service.RunAsync("response-time", zhengzhou, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        var published = await PublishedAsync(harness.Database);
        Assert.Equal(2, published.Count);
        var provinceTable = published[0];
        var prefectureTable = published[1];
        // The prefecture's total in its own report is the same figure as its row in the province's.
        var shared = Enumerable.Range(0, prefectureTable.Table.CellCount).Select(prefectureTable.Table.KeyOf)
            .Intersect(Enumerable.Range(0, provinceTable.Table.CellCount).Select(provinceTable.Table.KeyOf)).ToList();
        Assert.NotEmpty(shared);
        var audit = SuppressionAuditor.Audit(published);
        Assert.True(audit.Passed, string.Join("; ", audit.Failures.Select(f => f.Key.ToString())));
        Assert.Equal("郑州市", prefecture.Tables[0].Rows[0].Categories[0].Label.Zh);
        Assert.Equal(province.Tables[0].Rows.Single(r => r.Categories[0].Code == "410100" && r.Categories[1].Code == "all").Values[0],
            prefecture.Tables[0].Rows[0].Values[0]);
    }

    private static async Task<List<ProtectedTable>> PublishedAsync(NpgsqlDataSource database)
    {
        var tables = new List<ProtectedTable>();
        await using var command = database.CreateCommand("select body::text from report_publication order by id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(StoredTable.FromJson(reader.GetString(0)));
        return tables;
    }
}
