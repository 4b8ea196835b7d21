using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Testing.Reports;

/// <summary>
/// A generated cohort written straight into the merged index's tables (subjects, keys, envelopes
/// and records in force), as the merger would leave them: graduates of one province with their
/// certifications, services, placements with follow-ups, feedback and the vacancies referred to.
/// Deterministic for a seed. Report tests and the report benchmark load it; it bypasses the log
/// and the merger on purpose, so that a million graduates load in minutes. The read benchmark adds
/// open jobs (<see cref="LoadVacanciesAsync"/>) and the change feed's rows (<see cref="WriteChangesAsync"/>).
/// </summary>
public sealed class IndexPopulation(int seed = 20261203)
{
    public static readonly string[] Institutions =
    [
        "12410000415800130A", "12410000415800148B", "12410000415800156C", "12410000415800164D", "12410000415800172E",
        "12410000415800180F", "12410000415800199G", "12410000415800201H",
    ];

    public static readonly string[] Categories =
    [
        "minimum-living-allowance", "poverty-alleviation", "zero-employment-family", "extreme-poverty-support", "orphan", "disability", "long-term-unemployed",
    ];

    private static readonly string[] Prefectures = [.. Enumerable.Range(1, 17).Select(p => $"41{p:00}")];
    private static readonly string[] Educations = ["14", "21", "21", "21", "31", "31"];
    private static readonly string[] Majors = ["080901", "120203K", "050201", "070101", "100201K", "130502", "020101", "510201", "530302"];
    /// <summary>The skills graduates have and jobs ask for; graduate i has two of them, drawn from i.</summary>
    public static readonly string[] Skills = ["Excel", "SQL", "Python", "Java", "财务报表分析", "CAD", "普通话二级甲等", "英语六级"];

    private static readonly string[] Destinations = ["10", "11", "11", "11", "12", "271", "46", "502", "75", "76", "801", "801", "85", "70", "71"];
    // Job channels inserted per statement by LoadVacanciesAsync.
    private const int ChannelBatch = 1000;

    private static readonly DateTimeOffset Registered = new(2025, 9, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How many graduates of the last load were certified disadvantaged.</summary>
    public int Disadvantaged { get; private set; }

    /// <summary>Loads <paramref name="graduates"/> graduates of <paramref name="cohort"/> into an index already migrated.</summary>
    public async Task LoadAsync(NpgsqlDataSource database, int graduates, int cohort, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var subjects = await connection.BeginBinaryImportAsync("copy subjects (subject_id, state, version, created_at, updated_at) from stdin (format binary)", cancellationToken))
        {
            for (var i = 1; i <= graduates; i++)
            {
                await subjects.StartRowAsync(cancellationToken);
                await subjects.WriteAsync((long)i, NpgsqlDbType.Bigint, cancellationToken);
                await subjects.WriteAsync("active", NpgsqlDbType.Text, cancellationToken);
                await subjects.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                var at = Registered.AddHours(i % 2000);
                await subjects.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
                await subjects.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await subjects.CompleteAsync(cancellationToken);
        }
        await using (var keys = await connection.BeginBinaryImportAsync("copy subject_keys (subject_key, subject_id) from stdin (format binary)", cancellationToken))
        {
            for (var i = 1; i <= graduates; i++)
            {
                await keys.WriteRowAsync(cancellationToken, KeyOf(i), (long)i);
            }
            await keys.CompleteAsync(cancellationToken);
        }
        await using (var reset = new NpgsqlCommand("select setval(pg_get_serial_sequence('subjects', 'subject_id'), greatest(1, (select max(subject_id) from subjects)))", connection))
            await reset.ExecuteNonQueryAsync(cancellationToken);

        await using var envelopes = await connection.BeginBinaryImportAsync(
            "copy record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record) from stdin (format binary)", cancellationToken);
        for (var v = 0; v < 500; v++)
            await WriteAsync(envelopes, new Row("vacancy", "employer-" + v, $"VAC-{v}", null, Registered,
                $$"""{"recordId":"VAC-{{v}}","employerCreditCode":"{{Employer(v)}}","title":"岗位 {{v}}"}"""), cancellationToken);
        Disadvantaged = 0;
        for (var i = 1; i <= graduates; i++)
        {
            var institution = Institutions[random.Next(Institutions.Length)];
            var county = Prefectures[random.Next(Prefectures.Length)] + $"{random.Next(2, 6):00}";
            var graduation = new DateOnly(cohort, 6, 30);
            var disadvantaged = random.NextDouble() < 0.15;
            var category = disadvantaged ? Categories[random.Next(Categories.Length)] : null;
            var key = KeyOf(i);
            await WriteAsync(envelopes, new Row("graduate", institution, $"G-{i}", i, Registered.AddHours(i % 2000),
                $$"""{"recordId":"G-{{i}}","institutionCode":"41{{institution[^8..]}}","studentId":"{{i}}","name":"毕业生{{i}}","sex":"{{1 + i % 2}}","birthDate":"2003-01-01","originRegion":"{{county}}","educationLevel":"{{Educations[random.Next(Educations.Length)]}}","majorCode":"{{Majors[random.Next(Majors.Length)]}}","majorName":"专业","skills":["{{Skills[i % Skills.Length]}}","{{Skills[(i + 1 + i / Skills.Length % (Skills.Length - 1)) % Skills.Length]}}"],"enrolmentDate":"{{cohort - 4}}-09-01","graduationDate":"{{graduation:yyyy-MM-dd}}","cohort":{{cohort}}}"""), cancellationToken);
            if (category is not null)
            {
                Disadvantaged++;
                await WriteAsync(envelopes, new Row("certification", "11410000MB0000001X", $"C-{i}", i, Registered.AddDays(10),
                    $$"""{"recordId":"C-{{i}}","certificationType":"{{category}}","issuerCreditCode":"11410000MB0000001X","issuerName":"民政局","issuerRegion":"{{county}}","validFrom":"{{cohort - 1}}-01-01","status":"active"}"""), cancellationToken);
            }

            // Services: disadvantaged graduates are meant to receive the whole package.
            var services = new List<(string Type, DateOnly On, int? Vacancy)>();
            var help = disadvantaged ? 0.85 : 0.35;
            var first = new DateOnly(cohort - 1, 9, 1).AddDays(random.Next(5, 120));
            if (random.NextDouble() < help) services.Add(("policy-briefing", first, null));
            if (random.NextDouble() < help * 0.9) services.Add(("career-guidance", first.AddDays(random.Next(1, 60)), null));
            var referrals = random.NextDouble() < help ? random.Next(1, 5) : 0;
            for (var r = 0; r < referrals; r++) services.Add(("job-referral", first.AddDays(random.Next(10, 200)), random.Next(500)));
            if (random.NextDouble() < help * 0.7) services.Add((random.Next(2) == 0 ? "skills-training" : "internship", first.AddDays(random.Next(20, 240)), null));
            var placedWith = (int?)null;
            for (var s = 0; s < services.Count; s++)
            {
                var (type, on, vacancy) = services[s];
                var vacancyField = vacancy is { } vac ? $$""","vacancyRecordId":"VAC-{{vac}}" """ : "";
                await WriteAsync(envelopes, new Row("service", institution, $"S-{i}-{s}", i, Registered.AddDays(30),
                    $$"""{"recordId":"S-{{i}}-{{s}}","serviceType":"{{type}}","providerCreditCode":"{{institution}}","providerName":"就业指导中心","deliveredOn":"{{on:yyyy-MM-dd}}","channel":"online"{{vacancyField}}}"""), cancellationToken);
                if (vacancy is not null && placedWith is null && random.NextDouble() < 0.25)
                    placedWith = vacancy;
                if (random.NextDouble() < 0.3)
                    await WriteAsync(envelopes, new Row("feedback", institution, $"F-{i}-{s}", i, Registered.AddDays(40),
                        $$"""{"recordId":"F-{{i}}-{{s}}","serviceRecordId":"S-{{i}}-{{s}}","respondedOn":"{{on.AddDays(7):yyyy-MM-dd}}","satisfaction":{{Math.Clamp(3 + random.Next(-2, 3) + (disadvantaged ? 0 : random.Next(0, 2)), 1, 5)}}}"""), cancellationToken);
            }

            if (random.NextDouble() < (disadvantaged ? 0.78 : 0.88))
            {
                var destination = placedWith is not null ? "11" : Destinations[random.Next(Destinations.Length)];
                var start = graduation.AddDays(random.Next(-30, 200));
                var employer = placedWith is { } hired ? $$""","employerCreditCode":"{{Employer(hired)}}" """ : "";
                var followUps = new List<string>();
                if (random.NextDouble() < 0.7) followUps.Add($$"""{"checkedOn":"{{start.AddMonths(6):yyyy-MM-dd}}","stillInPlace":{{(random.NextDouble() < 0.85 ? "true" : "false")}}}""");
                if (random.NextDouble() < 0.5) followUps.Add($$"""{"checkedOn":"{{start.AddMonths(12):yyyy-MM-dd}}","stillInPlace":{{(random.NextDouble() < 0.75 ? "true" : "false")}}}""");
                await WriteAsync(envelopes, new Row("placement", institution, $"P-{i}", i, Registered.AddDays(300),
                    $$"""{"recordId":"P-{{i}}","destinationCode":"{{destination}}","cohort":{{cohort}},"startDate":"{{start:yyyy-MM-dd}}","signedStatement":{{(random.NextDouble() < 0.8 ? "true" : "false")}}{{employer}},"followUps":[{{string.Join(',', followUps)}}]}"""), cancellationToken);
            }
        }
        await envelopes.CompleteAsync(cancellationToken);
        await envelopes.DisposeAsync();
        await using var inForce = new NpgsqlCommand("""
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select e.kind, e.source_organisation, e.source_record_id, e.id, k.subject_id, e.received_at, e.record
            from record_envelope e left join subject_keys k on k.subject_key = e.subject_key;
            analyze;
            """, connection) { CommandTimeout = 0 };
        await inForce.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Loads <paramref name="vacancies"/> jobs open from <paramref name="validFrom"/> through
    /// <paramref name="validThrough"/>, each announced by one vacancy record of its employer
    /// (record id <c>JOB-n</c>, n from 1): envelopes, records in force, jobs and channels, as the
    /// merger's deduplication leaves them. The channels' trigger fills vacancy_profile, a batch at a time.
    /// </summary>
    public async Task LoadVacanciesAsync(NpgsqlDataSource database, int vacancies, DateOnly validFrom, DateOnly validThrough, CancellationToken cancellationToken)
    {
        var random = new Random(seed + 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var envelopes = await connection.BeginBinaryImportAsync(
            "copy record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, subject_key, received_at, record) from stdin (format binary)", cancellationToken))
        {
            for (var v = 1; v <= vacancies; v++)
            {
                var employer = VacancyEmployer(v);
                var region = Prefectures[random.Next(Prefectures.Length)] + $"{random.Next(2, 6):00}";
                var skill = Skills[random.Next(Skills.Length)];
                var payMin = 3000 + random.Next(0, 20) * 500;
                var features = random.NextDouble() < 0.2 ? "\"step-free-access\"" : "";
                var inclusive = random.NextDouble() < 0.1 ? "\"disability-friendly\"" : "";
                await WriteAsync(envelopes, new Row("vacancy", employer, $"JOB-{v}", null, Registered.AddMinutes(v),
                    $$"""{"recordId":"JOB-{{v}}","employerCreditCode":"{{employer}}","employerName":"用人单位 {{v % 5000}}","title":"岗位 {{v}}","occupationCode":"2-02-10-03","workRegion":"{{region}}","minEducationLevel":"{{Educations[random.Next(Educations.Length)]}}","majors":["{{Majors[random.Next(Majors.Length)]}}"],"skills":["{{skill}}"],"payMin":{{payMin}},"payMax":{{payMin + 3000}},"contractType":"open-ended","positions":{{1 + random.Next(10)}},"accessibilityFeatures":[{{features}}],"inclusiveHiring":[{{inclusive}}],"validFrom":"{{validFrom:yyyy-MM-dd}}","validThrough":"{{validThrough:yyyy-MM-dd}}"}"""), cancellationToken);
            }
            await envelopes.CompleteAsync(cancellationToken);
        }
        await using (var jobs = new NpgsqlCommand("""
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select e.kind, e.source_organisation, e.source_record_id, e.id, null, e.received_at, e.record
            from record_envelope e where e.kind = 'vacancy' and e.source_record_id like 'JOB-%';
            insert into jobs (job_id, dedup_key, valid_from, valid_through, created_at) overriding system value
            select substr(e.source_record_id, 5)::bigint, 'bench:' || e.source_record_id, @ValidFrom, @ValidThrough, e.received_at
            from record_envelope e where e.kind = 'vacancy' and e.source_record_id like 'JOB-%';
            select setval(pg_get_serial_sequence('jobs', 'job_id'), greatest(1, (select max(job_id) from jobs)));
            create temporary table loaded_channels on commit drop as
            select e.source_organisation, e.source_record_id, substr(e.source_record_id, 5)::bigint as job_id, e.id as envelope_id
            from record_envelope e where e.kind = 'vacancy' and e.source_record_id like 'JOB-%';
            create index on loaded_channels (job_id);
            analyze current_records;
            analyze jobs;
            analyze loaded_channels;
            """, connection) { CommandTimeout = 0 })
        {
            jobs.Parameters.AddWithValue("ValidFrom", validFrom);
            jobs.Parameters.AddWithValue("ValidThrough", validThrough);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            jobs.Transaction = transaction;
            await jobs.ExecuteNonQueryAsync(cancellationToken);
            // Channels in batches the size the merger writes, the statistics kept current: the
            // profiles' trigger plans its refresh on them, and for one statement of 200,000 channels
            // on a table it believes empty it compares every channel with every job (an hour).
            for (var from = 1; from <= vacancies; from += ChannelBatch)
            {
                await using var channels = new NpgsqlCommand("""
                    insert into job_channels (source_organisation, source_record_id, job_id, envelope_id)
                    select source_organisation, source_record_id, job_id, envelope_id from loaded_channels where job_id between @From and @To
                    """, connection, transaction) { CommandTimeout = 0 };
                channels.Parameters.AddWithValue("From", (long)from);
                channels.Parameters.AddWithValue("To", (long)(from + ChannelBatch - 1));
                await channels.ExecuteNonQueryAsync(cancellationToken);
                if (from / ChannelBatch % 10 == 0)
                {
                    await using var analyze = new NpgsqlCommand("analyze job_channels", connection, transaction);
                    await analyze.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await using var statistics = new NpgsqlCommand("analyze", connection) { CommandTimeout = 0 };
        await statistics.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the change feed's rows for what the index holds: one <c>record.linked</c> (created)
    /// per graduate record in force, in subject order, with the subject's key as it stands.
    /// </summary>
    public static async Task WriteChangesAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var changes = new NpgsqlCommand("""
            insert into index_changes (kind, subject_id, envelope_id, at, record_change, subject_key)
            select 'record.linked', c.subject_id, c.envelope_id, c.received_at, 'created', k.subject_key
            from current_records c join lateral (select min(subject_key) as subject_key from subject_keys where subject_id = c.subject_id) k on true
            where c.kind = 'graduate' and c.subject_id is not null
            order by c.subject_id;
            analyze index_changes;
            """, connection) { CommandTimeout = 0 };
        await changes.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The credit code of the employer that sent job <paramref name="vacancy"/> of <see cref="LoadVacanciesAsync"/>.</summary>
    public static string VacancyEmployer(int vacancy) => $"914100{vacancy % 5000:0000}MA00000X";

    /// <summary>The linkage key the generated subject <paramref name="i"/> is known by.</summary>
    public static string KeyOf(int i) => "lk_" + i.ToString(CultureInfo.InvariantCulture);

    private static string Employer(int vacancy) => $"9141000{vacancy % 50:00}MA00000X";

    private static async Task WriteAsync(NpgsqlBinaryImporter envelopes, Row row, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(row.Record)));
        await envelopes.StartRowAsync(cancellationToken);
        await envelopes.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
        await envelopes.WriteAsync(row.Kind, NpgsqlDbType.Text, cancellationToken);
        await envelopes.WriteAsync("1", NpgsqlDbType.Text, cancellationToken);
        await envelopes.WriteAsync(row.Source, NpgsqlDbType.Text, cancellationToken);
        await envelopes.WriteAsync(row.RecordId, NpgsqlDbType.Text, cancellationToken);
        await envelopes.WriteAsync(hash, NpgsqlDbType.Text, cancellationToken);
        if (row.Subject is { } subject)
            await envelopes.WriteAsync(KeyOf(subject), NpgsqlDbType.Text, cancellationToken);
        else
            await envelopes.WriteNullAsync(cancellationToken);
        await envelopes.WriteAsync(row.ReceivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await envelopes.WriteAsync(row.Record, NpgsqlDbType.Jsonb, cancellationToken);
    }

    private sealed record Row(string Kind, string Source, string RecordId, int? Subject, DateTimeOffset ReceivedAt, string Record);
}
