using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Testing;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// The outcomes, response-time, matching and fairness figures, and the group each graduate is
/// counted in, held to the same figures counted here in C# from the records in force, whatever the
/// reports read in the index to compute them. The generated cohort is given what it lacks: a second,
/// later placement (a freelancer's, without a signed statement), a later and a revoked
/// certification, late job referrals followed by placements with their vacancy's employer written
/// after them (and some vacancies written after both); and each figure is taken on a day before
/// some of those records begin as well as after.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FiguresFromTheRecordsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateOnly[] Days = [new(2027, 9, 1), new(2026, 9, 1)];

    private ReportHarness _harness = null!;
    private ReportService _service = null!;
    private Dictionary<long, Graduate> _graduates = null!;

    public async Task InitializeAsync()
    {
        _harness = await ReportHarness.LoadAsync(postgres, 2000);
        await using (var more = _harness.Database.CreateCommand("""
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select 'placement', source_organisation, source_record_id || '-later', envelope_id, subject_id, received_at + interval '1 day',
                   record || '{"destinationCode":"76","startDate":"2027-03-01","signedStatement":false,"followUps":[]}'
            from current_records where kind = 'placement' and subject_id % 7 = 0;
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select 'certification', '11410000MB0000001X', 'C-late-' || subject_id, envelope_id, subject_id, received_at,
                   jsonb_build_object('recordId', 'C-late-' || subject_id, 'certificationType', 'disability', 'issuerCreditCode', '11410000MB0000001X',
                                      'issuerName', '残联', 'issuerRegion', record->>'originRegion', 'validFrom', '2027-01-01',
                                      'status', case when subject_id % 3 = 0 then 'revoked' else 'expired' end)
            from current_records where kind = 'graduate' and subject_id % 11 = 0;
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select 'service', source_organisation, 'S-late-' || subject_id, envelope_id, subject_id, received_at,
                   jsonb_build_object('recordId', 'S-late-' || subject_id, 'serviceType', 'job-referral', 'providerCreditCode', source_organisation,
                                      'providerName', '就业指导中心', 'deliveredOn', '2026-12-01', 'channel', 'online', 'vacancyRecordId', 'VAC-LATE-' || subject_id)
            from current_records where kind = 'graduate' and subject_id % 13 = 0;
            """))
            await more.ExecuteNonQueryAsync(TestTimeout.Token());
        // Placements with the employer of a late referral's vacancy, written after the referral; then,
        // for some of them, the vacancy itself, written last.
        await using (var more = _harness.Database.CreateCommand("""
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select 'placement', source_organisation, 'P-late-' || subject_id, envelope_id, subject_id, received_at,
                   jsonb_build_object('recordId', 'P-late-' || subject_id, 'destinationCode', '10', 'cohort', 2026, 'startDate',
                                      case when subject_id % 2 = 0 then '2027-02-01' else '2026-11-01' end, 'employerCreditCode', '91410000MA0000013X')
            from current_records where kind = 'graduate' and subject_id % 13 = 0;
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select 'vacancy', 'employer-late', 'VAC-LATE-' || subject_id, envelope_id, null, received_at,
                   jsonb_build_object('recordId', 'VAC-LATE-' || subject_id, 'employerCreditCode', '91410000MA0000013X', 'title', '岗位')
            from current_records where kind = 'graduate' and subject_id % 39 = 0;
            """))
            await more.ExecuteNonQueryAsync(TestTimeout.Token());
        _service = _harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)]);
        _graduates = await ReadGraduatesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(PlacementFormula.Moe2024)]
    [InlineData(PlacementFormula.Moe2021)]
    public async Task Outcomes_count_each_graduate_s_latest_placement_begun_by_the_day_in_the_group_of_its_first_certification(PlacementFormula formula)
    {
        foreach (var day in Days)
        {
            var report = await RunAsync("outcomes", formula, day);
            var table = report.Tables.Single(t => t.Rows.Any(r => r.Categories[0].Code == "all") && t.Measures.Any(m => m.Name == "median-days-to-placement"));
            var measures = new[] { "graduates", Destinations.Placed, Destinations.Awaiting, Destinations.NotReported }.Concat(Destinations.PlacedParts(formula));
            var compared = 0;
            foreach (var row in table.Rows.Where(r => r.Categories[0].Code == "all"))
            {
                var group = Members(row.Categories[1].Code, day).ToList();
                foreach (var measure in measures)
                {
                    var value = row.Values[ReportHarness.Measure(table, measure)];
                    if (value.Status != ValueStatus.Shown)
                        continue;
                    var expected = measure == "graduates" ? group.Count : group.Count(g => Category(formula, g.LatestPlacement(day)) is var c && (c == measure || measure == Destinations.Placed && Destinations.PlacedParts(formula).Contains(c)));
                    Assert.True(expected == (long)value.Value!.Value, $"{day} {row.Categories[1].Code} {measure}: expected {expected}, reported {value.Value}");
                    compared++;
                }
            }
            Assert.True(compared >= 30, $"only {compared} cells compared on {day}");
        }
    }

    [Fact]
    public async Task Response_time_counts_the_days_from_registration_to_the_first_service_delivered_by_the_day()
    {
        foreach (var day in Days)
        {
            var report = await RunAsync("response-time", PlacementFormula.Moe2024, day);
            var table = Assert.Single(report.Tables);
            var compared = 0;
            foreach (var row in table.Rows.Where(r => r.Categories[0].Code == "all"))
            {
                var days = Members(row.Categories[1].Code, day).Select(g => g.FirstService(day) is { } first ? Math.Max(0, first.DayNumber - g.Registered.DayNumber) : (int?)null)
                    .OfType<int>().Order().ToList();
                compared += Compare(table, row, "served", days.Count);
                if (days.Count >= 5)
                {
                    compared += Compare(table, row, "median-days", days[(int)Math.Ceiling(0.5 * days.Count) - 1]);
                    compared += Compare(table, row, "p90-days", days[(int)Math.Ceiling(0.9 * days.Count) - 1]);
                }
            }
            // Small groups' cells may be suppressed; everyone's are not.
            Assert.True(compared >= 3, $"only {compared} cells compared on {day}");
        }
    }

    [Theory]
    [InlineData(PlacementFormula.Moe2024)]
    [InlineData(PlacementFormula.Moe2021)]
    public async Task Fairness_counts_as_placed_only_a_placement_the_chosen_definition_counts_as_placed(PlacementFormula formula)
    {
        foreach (var day in Days)
        {
            var report = await RunAsync("fairness", formula, day);
            var table = Assert.Single(report.Tables);
            var row = table.Rows.Single(r => r.Categories[0].Code == "all");
            foreach (var (group, disadvantaged) in new[] { ("disadvantaged", true), ("others", false) })
            {
                var members = _graduates.Values.Where(g => g.CategoryRank(day) is not null == disadvantaged).ToList();
                var recommended = members.Count(g => g.Services.Any(s => s.Type == "job-referral" && s.On <= day));
                var placed = members.Count(g => g.Placements.Any(p => p.Start <= day && Destinations.PlacedParts(formula).Contains(Category(formula, p))));
                AssertShare(row.Values[ReportHarness.Measure(table, $"recommended-rate-{group}")], recommended, members.Count, $"{day} {group} recommended");
                AssertShare(row.Values[ReportHarness.Measure(table, $"placed-rate-{group}")], placed, members.Count, $"{day} {group} placed");
            }
        }
    }

    [Fact]
    public async Task Matching_counts_a_referral_placed_when_a_placement_with_its_vacancy_s_employer_began_between_it_and_the_day()
    {
        var employers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var vacancies = _harness.Database.CreateCommand("select source_record_id, record->>'employerCreditCode' from current_records where kind = 'vacancy'"))
        await using (var reader = await vacancies.ExecuteReaderAsync(TestTimeout.Token()))
        {
            while (await reader.ReadAsync(TestTimeout.Token()))
                (employers.TryGetValue(reader.GetString(0), out var list) ? list : employers[reader.GetString(0)] = []).Add(reader.GetString(1));
        }

        foreach (var day in Days)
        {
            var report = await RunAsync("matching", PlacementFormula.Moe2024, day);
            var table = Assert.Single(report.Tables);
            var compared = 0;
            foreach (var row in table.Rows.Where(r => r.Categories[0].Code == "all"))
            {
                var referrals = Members(row.Categories[1].Code, day)
                    .SelectMany(g => g.Services.Where(s => s.Type == "job-referral" && s.On <= day).Select(s => (Graduate: g, Referral: s))).ToList();
                var placed = referrals.Count(r =>
                {
                    var referred = r.Referral.Employer is { } named ? [named] : employers.GetValueOrDefault(r.Referral.Vacancy ?? "", []);
                    return r.Graduate.Placements.Any(p => p.Employer is { } e && referred.Contains(e) && p.Start >= r.Referral.On && p.Start <= day);
                });
                compared += Compare(table, row, "referrals", referrals.Count);
                compared += Compare(table, row, "placed", placed);
            }
            Assert.True(compared >= 4, $"only {compared} cells compared on {day}");
        }
    }

    private static void AssertShare(ReportValue value, int yes, int all, string what)
    {
        Assert.Equal(ValueStatus.Shown, value.Status);
        Assert.True(Math.Abs((double)yes / all - value.Value!.Value) < 1e-9, $"{what}: expected {yes}/{all}, reported {value.Value}");
    }

    private static int Compare(ReportTable table, ReportRow row, string measure, long expected)
    {
        var value = row.Values[ReportHarness.Measure(table, measure)];
        if (value.Status != ValueStatus.Shown && row.Categories[1].Code != "all")
            return 0;
        Assert.Equal(ValueStatus.Shown, value.Status);
        Assert.True(expected == (long)value.Value!.Value, $"{row.Categories[1].Code} {measure}: expected {expected}, reported {value.Value}");
        return 1;
    }

    private Task<ReportDocument> RunAsync(string name, PlacementFormula formula, DateOnly day) =>
        _service.RunAsync(name, new ReportParameters(ReportHarness.Cohort, null, formula, day), ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

    private IEnumerable<Graduate> Members(string group, DateOnly day) => _graduates.Values.Where(g => g.CategoryRank(day) switch
    {
        null => group is "all" or Groups.Others,
        { } rank => group is "all" or Groups.Disadvantaged || group == Population.CategoryByRank[rank - 1],
    });

    private static string Category(PlacementFormula formula, Placement? placement) =>
        Destinations.Classify(formula, placement?.Code, placement?.Signed ?? false);

    private async Task<Dictionary<long, Graduate>> ReadGraduatesAsync()
    {
        var graduates = new Dictionary<long, Graduate>();
        await using (var population = _harness.Database.CreateCommand("""
            select m.subject_id, (s.created_at at time zone 'Asia/Shanghai')::date
            from report_cohort_member m join subjects s on s.subject_id = m.subject_id
            where m.cohort = 2026 and m.standing = 1
            """))
        await using (var reader = await population.ExecuteReaderAsync(TestTimeout.Token()))
        {
            while (await reader.ReadAsync(TestTimeout.Token()))
                graduates[reader.GetInt64(0)] = new Graduate(reader.GetFieldValue<DateOnly>(1));
        }

        await using var records = _harness.Database.CreateCommand("""
            select kind, subject_id, source_organisation, source_record_id, received_at, record::text from current_records
            where kind in ('certification', 'service', 'placement') and subject_id is not null
            """);
        await using var rows = await records.ExecuteReaderAsync(TestTimeout.Token());
        while (await rows.ReadAsync(TestTimeout.Token()))
        {
            if (!graduates.TryGetValue(rows.GetInt64(1), out var graduate))
                continue;
            var record = JsonDocument.Parse(rows.GetString(5)).RootElement;
            switch (rows.GetString(0))
            {
                case "certification":
                    graduate.Certifications.Add((record.GetProperty("certificationType").GetString()!, record.GetProperty("status").GetString()!, Day(record.GetProperty("validFrom").GetString()!)));
                    break;
                case "service":
                    graduate.Services.Add(new Service(record.GetProperty("serviceType").GetString()!, Day(record.GetProperty("deliveredOn").GetString()!),
                        Optional(record, "vacancyRecordId"), Optional(record, "vacancyEmployerCreditCode")));
                    break;
                default:
                    graduate.Placements.Add(new Placement(record.GetProperty("destinationCode").GetString()!,
                        record.TryGetProperty("signedStatement", out var signed) && signed.GetBoolean(),
                        Day(record.GetProperty("startDate").GetString()!), rows.GetDateTime(4), rows.GetString(2), rows.GetString(3), Optional(record, "employerCreditCode")));
                    break;
            }
        }
        return graduates;
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string? Optional(JsonElement record, string name) => record.TryGetProperty(name, out var value) ? value.GetString() : null;

    private sealed record Placement(string Code, bool Signed, DateOnly Start, DateTime ReceivedAt, string Sender, string RecordId, string? Employer);

    private sealed record Service(string Type, DateOnly On, string? Vacancy, string? Employer);

    private sealed record Graduate(DateOnly Registered)
    {
        public List<(string Type, string Status, DateOnly ValidFrom)> Certifications { get; } = [];

        public List<Service> Services { get; } = [];

        public List<Placement> Placements { get; } = [];

        /// <summary>The rank of the first category, in the order reports give them, the graduate was certified in by the day.</summary>
        public int? CategoryRank(DateOnly day)
        {
            var ranks = Certifications.Where(c => c.Status is "active" or "expired" && c.ValidFrom <= day)
                .Select(c => Population.CategoryByRank.ToList().IndexOf(c.Type) + 1).Where(r => r > 0).ToList();
            return ranks.Count == 0 ? null : ranks.Min();
        }

        public DateOnly? FirstService(DateOnly day) => Services.Where(s => s.On <= day).Select(s => (DateOnly?)s.On).Min();

        public Placement? LatestPlacement(DateOnly day) => Placements.Where(p => p.Start <= day)
            .OrderByDescending(p => p.Start).ThenByDescending(p => p.ReceivedAt)
            .ThenBy(p => p.Sender, StringComparer.Ordinal).ThenBy(p => p.RecordId, StringComparer.Ordinal).FirstOrDefault();
    }
}
