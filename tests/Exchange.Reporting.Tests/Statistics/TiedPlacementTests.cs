using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Testing;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// A graduate may have two placements that tie on what a report orders them by — the university
/// and the bureau each reporting the same job, starting the same day — and say different things
/// about it. Which one a report reads is fixed by the sender and record id, never by where the rows
/// happen to lie on disk: the same index gives the same figures, and a bureau comparing two runs
/// sees no difference that is not in the data.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TiedPlacementTests(PostgresFixture postgres)
{
    // Each unit employment's twin: same subject, start and arrival, a record id that sorts after the
    // original's, and other facts: the other kind of unit (10 and 11 swapped, both employed and placed
    // under either formula, so that whom a report counts stays as it was), and left where the
    // original found the graduate still in place.
    private const string TwinsSql = """
        insert into report_placement (source_organisation, source_record_id, subject_id, received_at, destination_code,
                                      signed_statement, start_date, employer_credit_code, follow_up_checked_on, follow_up_still_in_place)
        select source_organisation, source_record_id || '~twin', subject_id, received_at, case left(destination_code, 2) when '10' then '11' else '10' end,
               signed_statement, start_date, employer_credit_code, follow_up_checked_on,
               array(select not s from unnest(follow_up_still_in_place) s)
        from originals
        where left(destination_code, 2) in ('10', '11')
        """;

    [Theory]
    [InlineData("outcomes")]
    [InlineData("stability")]
    public async Task A_report_reads_the_same_one_of_two_tied_placements_whichever_lies_first_on_disk(string name)
    {
        var harness = await ReportHarness.LoadAsync(postgres, 600);
        var service = harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)]);
        async Task<List<string>> FiguresAsync() =>
            Figures(await service.RunAsync(name, ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token()));
        var before = await FiguresAsync();

        // The twins after the originals on disk.
        await ExecuteAsync(harness, "create table originals as select * from report_placement", TwinsSql);
        var twinsAfter = await FiguresAsync();

        // The twins before the originals on disk.
        await ExecuteAsync(harness, "truncate report_placement", TwinsSql, "insert into report_placement select * from originals");
        var twinsBefore = await FiguresAsync();

        Assert.Equal(before, twinsAfter);
        Assert.Equal(before, twinsBefore);
    }

    private static async Task ExecuteAsync(ReportHarness harness, params string[] statements)
    {
        foreach (var statement in statements)
        {
            await using var command = harness.Database.CreateCommand(statement);
            await command.ExecuteNonQueryAsync(TestTimeout.Token());
        }

        await using var analyse = harness.Database.CreateCommand("analyze report_placement");
        await analyse.ExecuteNonQueryAsync(TestTimeout.Token());
    }

    private static List<string> Figures(ReportDocument report) =>
    [
        .. report.Tables.SelectMany(t => t.Rows.Select(r =>
            $"{t.Name}|{string.Join(',', r.Categories.Select(c => c.Code))}|{string.Join(',', r.Values.Select(v => $"{v.Status}:{v.Value}"))}")),
    ];
}
