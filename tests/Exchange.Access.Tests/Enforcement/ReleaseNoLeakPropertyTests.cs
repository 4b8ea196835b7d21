using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Core.Model;
using Exchange.Testing;
using Xunit.Abstractions;
using static Exchange.Access.Tests.Decisions.PolicyTestData;
using static Exchange.Access.Tests.Enforcement.ReleaseExpectations;
using static Exchange.Access.Tests.Enforcement.ReleaseRules;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>
/// The no-leak property through the release service's read paths — subject fetch, search page,
/// match batch, export batch and change feed — over generated agreements, consents, callers,
/// purposes, instants and subjects with records from several providers. Whatever a path releases
/// must be what the rules (<see cref="ReleaseRules"/>, written independently of the implementation)
/// let through: no denied field, never a clear identifier, sensitive data only under a separate
/// consent; a subject denied entirely leaves no trace (no entry, no handle written down, no
/// change); released handles are the caller's and resolve for its organisation only; every
/// decision is audited.
/// </summary>
public sealed class ReleaseNoLeakPropertyTests(ITestOutputHelper output)
{
    // About 25 s in all on two cores; each prints its figures.
    private const long FetchCases = 12_000;
    private const long PageCases = 36_000;
    private const long MatchCases = 18_000;
    private const long ExportCases = 24_000;
    private const long ChangeCases = 24_000;
    private const long VacancyCases = 4_000;

    private static readonly ReleaseTelemetry Telemetry = new(new TestMeters());

    private static readonly Gen<IReadOnlySet<string>?> GenRequested = Gen.Select(Gen.Int[0, 2], Gen.Int[0, Requestable.Length - 1].Array[1, 12],
        (mode, fields) => mode == 0 ? null : (IReadOnlySet<string>)fields.Select(i => Requestable[i]).ToHashSet(StringComparer.Ordinal));

    private static readonly Gen<HashSet<string>> GenFiltered = Gen.Int[0, Filterable.Length - 1].Array[0, 3]
        .Select(fields => fields.Select(i => Filterable[i]).ToHashSet(StringComparer.Ordinal));

    // A note revealing up to two categories (none: it discloses nothing), with or without a neutral fallback.
    private static readonly Gen<GuardedNote> GenNote = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[0, 999], (a, b, fallback, id) =>
    {
        var reveals = new[] { a, b }.Where(i => i > 0).Select(i => (DataCategory)(i - 1)).ToHashSet();
        var content = new JsonObject { ["note"] = id, ["reveals"] = string.Join(",", reveals.Order()) };
        return new GuardedNote(reveals, content, fallback == 0 ? new GuardedNote(new HashSet<DataCategory>(), new JsonObject { ["note"] = id, ["neutral"] = true }) : null);
    });

    private static readonly string[] ExportKinds = ["graduate", "certification", "placement", "vacancy"];

    [Fact]
    public void A_subject_fetch_releases_only_what_the_rules_allow_and_audits_every_decision()
    {
        var gen = Gen.Select(ReleaseWorlds.World(3, allowEmpty: true), GenRequested, (world, requested) => (world, requested));
        Run("subject fetch", gen, FetchCases, c => CheckFetch(c.world, c.requested), c => $"requested [{Fields(c.requested)}]\n{c.world}");
    }

    [Fact]
    public void A_search_page_releases_only_what_the_rules_allow_and_hides_subjects_found_by_a_field_the_caller_may_not_read()
    {
        var gen = Gen.Select(ReleaseWorlds.World(3, allowEmpty: false), GenRequested, GenFiltered, (world, requested, filtered) => (world, requested, filtered));
        Run("search page", gen, PageCases, c => CheckPage(c.world, c.requested, c.filtered),
            c => $"requested [{Fields(c.requested)}] filtered [{string.Join(", ", c.filtered)}]\n{c.world}", special: "released a subject found by a filter");
    }

    [Fact]
    public void A_match_batch_releases_only_what_the_rules_allow_and_shows_only_notes_whose_categories_were_released()
    {
        var gen = Gen.Select(ReleaseWorlds.World(3, allowEmpty: true), GenRequested, GenNote.Array[0, 3], (world, requested, notes) => (world, requested, notes));
        Run("match batch", gen, MatchCases, c => CheckMatch(c.world, c.requested, c.notes),
            c => $"requested [{Fields(c.requested)}] notes [{string.Join("; ", c.notes.Select(n => n.Content.ToJsonString()))}]\n{c.world}", special: "showed a note revealing sensitive data");
    }

    [Fact]
    public void An_export_batch_releases_only_what_the_rules_allow_under_one_handle_per_subject()
    {
        var gen = Gen.Select(ReleaseWorlds.World(3, allowEmpty: true), Gen.Int[1, 15], (world, kinds) =>
            (world, kinds: (IReadOnlySet<string>)ExportKinds.Where((_, i) => (kinds & (1 << i)) != 0).ToHashSet(StringComparer.Ordinal)));
        Run("export batch", gen, ExportCases, c => CheckExport(c.world, c.kinds), c => $"kinds [{string.Join(", ", c.kinds)}]\n{c.world}");
    }

    [Fact]
    public void A_change_feed_releases_only_the_changes_the_rules_allow_and_drops_the_others_without_trace()
    {
        var gen = ReleaseWorlds.World(3, allowEmpty: false).SelectMany(world => GenChanges(world).Select(changes => (world, changes)));
        Run("change feed", gen, ChangeCases, c => CheckChanges(c.world, c.changes),
            c => string.Concat(c.changes.Select(g => $"change {Describe(g)}\n")) + c.world, special: "released a notice");
    }

    [Fact]
    public void Vacancies_are_released_whole_but_for_clear_identifiers_at_any_depth_and_audited_once_per_call()
    {
        var gen = Gen.Select(ReleaseWorlds.World(1, allowEmpty: true), GenVacancy.Array[0, 4], (world, vacancies) => (world, vacancies));
        var tally = new ReleaseTally();
        var stopwatch = Stopwatch.StartNew();
        gen.Sample(
            c =>
            {
                try
                {
                    CheckVacancies(c.world, c.vacancies);
                    tally.Add(new CaseStats { Released = c.vacancies.Any(v => v.Kind == "vacancy") });
                }
                catch (ReleaseViolation violation)
                {
                    tally.Add(new CaseStats());
                    tally.Fail(violation.Kind, violation.Message + "\n" + string.Join("\n", c.vacancies.Select(v => v.Document.ToJsonString())));
                }
            },
            iter: VacancyCases);
        stopwatch.Stop();
        output.WriteLine($"vacancies: {tally.Cases:N0} generated cases checked in {stopwatch.Elapsed.TotalSeconds:F1} s; {tally.Released:N0} released vacancies");
        foreach (var (kind, (count, _)) in tally.Violations.OrderBy(v => v.Key, StringComparer.Ordinal))
            output.WriteLine($"  broken: {kind} in {count:N0} cases");
        Assert.True(tally.Violations.IsEmpty, tally.Report());
        Assert.True(tally.Released > VacancyCases / 2, $"only {tally.Released} cases released vacancies");
    }

    // A vacancy (or, now and then, another kind the vacancy path must ignore) with a clear identifier at the top, inside an object or inside an array's object.
    private static readonly Gen<GeneratedRecord> GenVacancy = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 9], Gen.Int[0, 99], (depth, identifier, kind, id) =>
    {
        var name = ClearIdentifiers[identifier];
        var value = identifier == 0 ? ReleaseWorlds.ResidentId : ReleaseWorlds.CertificateNumber;
        var document = new JsonObject { ["recordId"] = $"v-{id}", ["employerCreditCode"] = EmployerA, ["title"] = $"岗位{id}", ["skills"] = new JsonArray("Excel") };
        switch (depth)
        {
            case 0:
                break;
            case 1:
                document[name] = value;
                break;
            case 2:
                document["contact"] = new JsonObject { ["name"] = $"联系人{id}", [name] = value };
                break;
            default:
                document["positions"] = new JsonArray(new JsonObject { ["title"] = $"出纳{id}", [name] = value });
                break;
        }

        return new GeneratedRecord(kind == 0 ? "graduate" : "vacancy", EmployerA, null, document);
    });

    private static void CheckVacancies(ReleaseWorld world, GeneratedRecord[] vacancies)
    {
        const string Action = "GET /v1/vacancies";
        var (release, audit, directory) = Service(world);
        var released = release.ReleaseVacanciesAsync(new BatchReleaseRequest(world.Caller, world.Purpose, new HashSet<string> { "vacancy" }, Action, world.At),
            [.. vacancies.Select(v => v.ToCandidate())], CancellationToken.None).GetAwaiter().GetResult();
        var expected = vacancies.Where(v => v.Kind == "vacancy").ToList();
        Require(released.Count == expected.Count, "vacancy.count", $"{released.Count} released of {expected.Count} vacancies");
        for (var i = 0; i < expected.Count; i++)
        {
            NoKeysNorIdentifiers(released[i].ToJsonString(), "a vacancy");
            var all = new HashSet<string>(StringComparer.Ordinal) { "vacancy" };
            Require(Lines(released[i], "vacancy").SequenceEqual(ExpectedLines(expected[i].Document, "vacancy", all)), "vacancy.content",
                $"released {released[i].ToJsonString()} of {expected[i].Document.ToJsonString()}");
        }

        var entries = audit.Records;
        if (expected.Count == 0)
        {
            Require(entries.Count == 0, "audit.extra", "a release of no vacancy was audited");
            return;
        }

        var entry = Assert.Single(entries);
        CheckEntry(world, Action, entry);
        var fields = expected.SelectMany(v => v.Document.Select(p => p.Key)).Where(n => !ClearIdentifiers.Contains(n)).Distinct().Select(n => "vacancy/" + n).Order(StringComparer.Ordinal);
        Require(entry.Decision == "permit" && entry.Rule == ReleaseService.VacancyRule && entry.SubjectHandle.Length == 0 && entry.FieldsReleased.SequenceEqual(fields),
            "audit.vacancy", $"entry {entry}");
        Require(directory.Count == 0, "directory.extra", "vacancies wrote handles down");
    }

    private void Run<T>(string path, Gen<T> gen, long cases, Func<T, CaseStats> check, Func<T, string> print, string? special = null)
    {
        var tally = new ReleaseTally();
        var stopwatch = Stopwatch.StartNew();
        gen.Sample(
            c =>
            {
                try
                {
                    var stats = check(c);
                    tally.Add(stats);
                    foreach (var deferred in stats.Deferred)
                        tally.Fail(deferred.Kind, deferred.Message + "\n" + print(c));
                }
                catch (ReleaseViolation violation)
                {
                    tally.Add(new CaseStats());
                    tally.Fail(violation.Kind, violation.Message + "\n" + print(c));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    tally.Add(new CaseStats());
                    tally.Fail("exception " + e.GetType().Name, e + "\n" + print(c));
                }
            },
            iter: cases,
            print: print);
        stopwatch.Stop();

        output.WriteLine($"{path}: {tally.Cases:N0} generated cases checked in {stopwatch.Elapsed.TotalSeconds:F1} s; {tally.Released:N0} released something, " +
            $"{tally.Sensitive:N0} released sensitive fields, {tally.Denied:N0} denied some subject entirely" +
            (special is null ? "" : $", {tally.Special:N0} {special}"));
        foreach (var (kind, (count, _)) in tally.Violations.OrderBy(v => v.Key, StringComparer.Ordinal))
            output.WriteLine($"  broken: {kind} in {count:N0} cases");

        Assert.Equal(cases, tally.Cases);
        Assert.True(tally.Violations.IsEmpty, tally.Report());
        // Generators that only ever produce denials would prove nothing.
        Assert.True(tally.Released > cases / 20, $"only {tally.Released} cases released anything");
        Assert.True(tally.Sensitive > cases / 100, $"only {tally.Sensitive} cases released sensitive fields");
        Assert.True(tally.Denied > cases / 10, $"only {tally.Denied} cases denied a subject entirely");
    }

    private static CaseStats CheckFetch(ReleaseWorld world, IReadOnlySet<string>? requested)
    {
        const string Action = "GET /v1/graduates/{handle}";
        var stats = new CaseStats();
        var (release, audit, directory) = Service(world);
        var outcomes = new List<(string, string?)>();
        var cursor = 0;
        foreach (var subject in world.Subjects)
        {
            var released = release.ReleaseSubjectAsync(new ReleaseRequest(world.Caller, world.Purpose, subject.Key, requested, Action, world.At),
                [.. subject.Records.Select(r => r.ToCandidate())], CancellationToken.None).GetAwaiter().GetResult();
            var entries = audit.Records;
            if (subject.Records.Count == 0)
            {
                Unknown(world, Action, subject.Key, entries, ref cursor);
                Require(ReferenceEquals(released, SubjectRelease.Nothing), "subject.unknown-answered", $"{subject.Key} has no records but was answered");
                outcomes.Add((subject.Key, null));
                continue;
            }

            var expected = Expect(world, subject, requested, new HashSet<string>());
            CheckAudit(world, Action, expected, entries, ref cursor);
            Require(cursor == entries.Count, "audit.extra", $"{entries.Count - cursor} audit entries beyond the decisions of {subject.Key}");
            if (!expected.Released)
            {
                // Denied entirely: the very answer an unknown subject gets.
                Require(ReferenceEquals(released, SubjectRelease.Nothing), "subject.denied-released", $"{subject.Key} denied entirely but answered: {released.Document?.ToJsonString()}");
                stats.Denied = true;
                outcomes.Add((subject.Key, null));
                continue;
            }

            Require(released.Document is not null, "subject.withheld", $"{subject.Key} withheld though the rules allow some of it");
            CheckDocument(world, expected, released.Document!, stats);
            outcomes.Add((subject.Key, released.Document!["subject"]!.GetValue<string>()));
        }

        CheckDirectory(world, directory, outcomes);
        return stats;
    }

    private static CaseStats CheckPage(ReleaseWorld world, IReadOnlySet<string>? requested, HashSet<string> filtered)
    {
        const string Action = "GET /v1/graduates";
        var stats = new CaseStats();
        var (release, audit, directory) = Service(world);
        var page = release.ReleasePageAsync(new PageReleaseRequest(world.Caller, world.Purpose, requested, filtered, Action, world.At),
            [.. world.Subjects.Select(s => s.ToCandidates())], CancellationToken.None).GetAwaiter().GetResult();
        Require(page.Count == world.Subjects.Length, "page.shape", $"{page.Count} answers for {world.Subjects.Length} subjects");
        var entries = audit.Records;
        var cursor = 0;
        var outcomes = new List<(string, string?)>();
        for (var i = 0; i < page.Count; i++)
        {
            var subject = world.Subjects[i];
            var released = page[i];
            var readable = FiltersReadable(world, subject, filtered);
            if (cursor < entries.Count && entries[cursor].Rule == PolicyRules.FilterNotReleased)
            {
                // Refused for its filters: one refusal, nothing released, nothing written down.
                var refusal = entries[cursor++];
                CheckEntry(world, Action, refusal);
                Require(filtered.Count > 0 && refusal.Decision == "deny" && refusal.FieldsReleased.Count == 0
                        && (refusal.SubjectHandle == Handles.Candidate(world.Caller.Organisation, subject.Key) || refusal.SubjectHandle == Handles.Identified(subject.Key)),
                    "audit.filter-refusal", $"{subject.Key}: {refusal}");
                Require(ReferenceEquals(released, SubjectRelease.Nothing), "search.filter-refused-released", $"{subject.Key} refused for its filters but answered");
                stats.Denied = true;
                outcomes.Add((subject.Key, null));
                continue;
            }

            var expected = Expect(world, subject, requested, filtered);
            CheckAudit(world, Action, expected, entries, ref cursor);
            if (!expected.Released)
            {
                Require(ReferenceEquals(released, SubjectRelease.Nothing), "subject.denied-released", $"{subject.Key} denied entirely but answered: {released.Document?.ToJsonString()}");
                stats.Denied = true;
                outcomes.Add((subject.Key, null));
                continue;
            }

            Require(released.Document is not null, "subject.withheld", $"{subject.Key} withheld though the rules allow some of it");
            if (filtered.Count > 0 && !readable)
            {
                stats.Special = true;
                stats.Deferred.Add(new ReleaseViolation("search.found-by-unreadable-filter",
                    $"{subject.Key} found by [{string.Join(", ", filtered)}] was released, though the caller may not read every one of them of every record holding it"));
            }

            CheckDocument(world, expected, released.Document!, stats);
            outcomes.Add((subject.Key, released.Document!["subject"]!.GetValue<string>()));
        }

        Require(cursor == entries.Count, "audit.extra", $"{entries.Count - cursor} audit entries beyond the page's decisions");
        CheckDirectory(world, directory, outcomes);
        return stats;
    }

    /// <summary>
    /// May the caller read every filtered field of this subject? A field of a kind is read of every
    /// record of that kind the subject holds (a placement filter on a subject with no placement: of its
    /// graduate records), since the search may have matched any of them (the index's profile takes the
    /// latest graduate record, and "placed" from any placement): a filter that matched on a record the
    /// caller may not read tells what that record holds. The derived eligibility is read as a fetch
    /// reads it: of any institution whose agreement shares it.
    /// </summary>
    private static bool FiltersReadable(ReleaseWorld world, GeneratedSubject subject, IReadOnlySet<string> filtered) =>
        filtered.All(field =>
        {
            var kind = field[..field.IndexOf('/', StringComparison.Ordinal)];
            var graduates = subject.Records.Where(r => r.Kind == "graduate").ToList();
            // The eligibility is shared by an institution's agreement, drawn from every certification (as a fetch releases it).
            if (kind == "derived")
                return graduates.Any(r => Allows(world, field, subject.Key, r.Provider, null, world.At));
            var holders = subject.Records.Where(r => r.Kind == kind).ToList();
            if (holders.Count == 0 && kind == "placement")
                holders = graduates;
            return holders.Count > 0 && holders.All(r => Allows(world, field, subject.Key, r.Provider, null, world.At));
        });

    private static CaseStats CheckMatch(ReleaseWorld world, IReadOnlySet<string>? requested, GuardedNote[] notes)
    {
        const string Action = "POST /v1/match/vacancies/{jobId}";
        var stats = new CaseStats();
        var (release, audit, directory) = Service(world);
        var answers = release.ReleaseSubjectsAsync(new SubjectBatchRequest(world.Caller, world.Purpose, requested, Action, world.At),
            [.. world.Subjects.Select(s => new SubjectInBatch(s.Key, [.. s.Records.Select(r => r.ToCandidate())], notes))], CancellationToken.None).GetAwaiter().GetResult();
        Require(answers.Count == world.Subjects.Length, "match.shape", $"{answers.Count} answers for {world.Subjects.Length} subjects");
        var entries = audit.Records;
        var cursor = 0;
        var outcomes = new List<(string, string?)>();
        for (var i = 0; i < answers.Count; i++)
        {
            var subject = world.Subjects[i];
            var answer = answers[i];
            if (subject.Records.Count == 0)
            {
                Unknown(world, Action, subject.Key, entries, ref cursor);
                Require(answer is null, "subject.unknown-answered", $"{subject.Key} has no records but was answered");
                outcomes.Add((subject.Key, null));
                continue;
            }

            var expected = Expect(world, subject, requested, new HashSet<string>());
            CheckAudit(world, Action, expected, entries, ref cursor);
            if (!expected.Released)
            {
                Require(answer is null, "subject.denied-released", $"{subject.Key} denied entirely but answered as {answer?.Handle}");
                stats.Denied = true;
                outcomes.Add((subject.Key, null));
                continue;
            }

            Require(answer is not null, "subject.withheld", $"{subject.Key} withheld though the rules allow some of it");
            CheckDocument(world, expected, answer!.Document, stats);
            Require(answer.Handle == answer.Document["subject"]!.GetValue<string>(), "handle", $"{subject.Key}: answered as {answer.Handle}, its document says {answer.Document["subject"]}");

            // A note is shown only when every category it reveals was released of this subject; else its fallback, else nothing.
            var categories = expected.ReleasedCategories();
            Require(answer.Notes.Count == notes.Length, "match.notes", $"{answer.Notes.Count} notes for {notes.Length}");
            for (var n = 0; n < notes.Length; n++)
            {
                var shown = Chain(notes[n]).FirstOrDefault(note => note.Reveals.All(categories.Contains));
                Require(answer.Notes[n]?.ToJsonString() == shown?.Content.ToJsonString(), "match.note",
                    $"{subject.Key}: note {n} shown as {answer.Notes[n]?.ToJsonString() ?? "nothing"}, released categories [{string.Join(", ", categories)}] let through {shown?.Content.ToJsonString() ?? "nothing"}");
                if (shown is not null && shown.Reveals.Any(IsSensitive))
                {
                    stats.Special = true;
                    foreach (var category in shown.Reveals.Where(IsSensitive))
                        Require(SeparateSensitiveConsent(world, subject.Key, category, world.At), "sensitive.without-separate-consent", $"{subject.Key}: note {n} reveals {category}");
                }
            }

            outcomes.Add((subject.Key, answer.Handle));
        }

        Require(cursor == entries.Count, "audit.extra", $"{entries.Count - cursor} audit entries beyond the batch's decisions");
        CheckDirectory(world, directory, outcomes);
        return stats;
    }

    private static CaseStats CheckExport(ReleaseWorld world, IReadOnlySet<string> kinds)
    {
        const string Action = "POST /v1/$export";
        var stats = new CaseStats();
        var (release, audit, directory) = Service(world);
        var released = release.ReleaseRecordsAsync(new BatchReleaseRequest(world.Caller, world.Purpose, kinds, Action, world.At),
            [.. world.Subjects.Select(s => s.ToCandidates())], CancellationToken.None).GetAwaiter().GetResult();
        var organisation = world.Caller.Organisation;
        var entries = audit.Records;
        var cursor = 0;
        var line = 0;
        var outcomes = new List<(string, string?)>();
        foreach (var subject in world.Subjects)
        {
            var key = subject.Key;
            var decisions = subject.Records.Where(r => ReleasedKinds.Contains(r.Kind) && kinds.Contains(r.Kind))
                .Select(r => new ExpectedDecision(r, Allowed(world, key, r.Provider, r.CertificationType, FieldsOf(r.Kind, null), world.At), r.Provider))
                .ToList();
            // One handle per subject: identified when a released record may identify it to this caller.
            var identified = decisions.Any(d => d.Permits && CategoryReleased(world, DataCategory.Identity, key, d.Provider, world.At));
            var handle = identified ? Handles.Identified(key) : Handles.Candidate(organisation, key);
            foreach (var decision in decisions)
            {
                Require(cursor < entries.Count, "audit.missing", $"{key}: {decision.Record} not audited");
                var entry = entries[cursor++];
                CheckEntry(world, Action, entry);
                var fields = decision.Allowed.Order(StringComparer.Ordinal).ToList();
                Require(entry.SubjectHandle == handle && entry.Decision == (decision.Permits ? "permit" : "deny") && entry.FieldsReleased.SequenceEqual(fields),
                    "audit.decision", $"{key} {decision.Record}: audited {entry.SubjectHandle} {entry.Decision} [{string.Join(", ", entry.FieldsReleased)}], the rules say {handle} [{string.Join(", ", fields)}]");
                if (!decision.Permits)
                    continue;
                Require(line < released.Count, "export.withheld", $"{key} {decision.Record} withheld though the rules allow [{string.Join(", ", fields)}]");
                var record = released[line++];
                Require(record.Kind == decision.Record!.Kind && record.SubjectHandle == handle, "export.line", $"{key} {decision.Record}: released as {record.Kind} under {record.SubjectHandle}, expected {handle}");
                NoKeysNorIdentifiers(record.Record.ToJsonString(), key);
                CheckRecord(world, key, decision, record.Record, stats);
            }

            var any = decisions.Any(d => d.Permits);
            stats.Denied |= !any;
            outcomes.Add((key, any ? handle : null));
        }

        Require(line == released.Count, "export.denied-released", $"{released.Count - line} lines released beyond those the rules allow");
        Require(cursor == entries.Count, "audit.extra", $"{entries.Count - cursor} audit entries beyond the batch's decisions");
        CheckDirectory(world, directory, outcomes);
        return stats;
    }

    private static CaseStats CheckChanges(ReleaseWorld world, GeneratedChange[] changes)
    {
        const string Action = "GET /v1/changes";
        var stats = new CaseStats();
        var (release, audit, _) = Service(world);
        var released = release.ReleaseChangesAsync(new ChangeReleaseRequest(world.Caller, world.Purpose, Action, world.At),
            [.. changes.Select(c => c.Candidate)], CancellationToken.None).GetAwaiter().GetResult();
        var organisation = world.Caller.Organisation;
        var entries = audit.Records;
        Require(entries.Count == changes.Length, "audit.count", $"{entries.Count} audit entries for {changes.Length} changes");
        var next = 0;
        for (var i = 0; i < changes.Length; i++)
        {
            var generated = changes[i];
            var change = generated.Candidate;
            var key = change.SubjectKey;
            var entry = entries[i];
            CheckEntry(world, Action, entry);
            var expected = ExpectChange(world, generated);
            Require(entry.SubjectHandle == Handles.Candidate(organisation, key ?? "") || (!string.IsNullOrEmpty(key) && entry.SubjectHandle == Handles.Identified(key)),
                "audit.handle", $"change {change.Sequence} audited under {entry.SubjectHandle}");
            if (expected is null)
            {
                Require(entry.Decision == "deny" && entry.FieldsReleased.Count == 0, "audit.decision", $"change {change.Sequence} denied but audited {entry.Decision} [{string.Join(", ", entry.FieldsReleased)}]");
                Require(next >= released.Count || released[next].Sequence != change.Sequence, "change.denied-released", $"change {change.Sequence} ({change.Type}) released though the rules deny it");
                stats.Denied = true;
                continue;
            }

            Require(next < released.Count && released[next].Sequence == change.Sequence, "change.withheld", $"change {change.Sequence} ({change.Type}) withheld though the rules allow it");
            var got = released[next++];
            Require(entry.Decision == "permit" && entry.FieldsReleased.SequenceEqual(expected.Fields), "audit.decision",
                $"change {change.Sequence}: audited {entry.Decision} [{string.Join(", ", entry.FieldsReleased)}], expected [{string.Join(", ", expected.Fields)}]");
            Require(got.Type == change.Type && got.At == change.At, "change.shape", $"change {change.Sequence} released as {got.Type} at {got.At:O}");
            Require(got.Subject == expected.Handle, "handle", $"change {change.Sequence} of {key}: released under {got.Subject}, expected {expected.Handle}");
            Require(got.From == expected.From, "handle.from", $"change {change.Sequence}: from {got.From}, expected {expected.From}");
            NoKeysNorIdentifiers(JsonSerializer.Serialize(got with { Sequence = 0 }), key!);
            stats.Released = true;
            if (expected.Record is { } decision)
            {
                Require(got.RecordKind == decision.Record!.Kind && got.Provider == decision.Record.Provider, "change.shape", $"change {change.Sequence}: {got.RecordKind}@{got.Provider}");
                CheckRecord(world, key!, decision, got.Data, stats);
            }
            else
            {
                stats.Special = true;
                Require(got.Data is null && got.RecordKind == change.Record?.Kind && got.Provider == change.Record?.SourceOrganisation, "change.notice",
                    $"notice {change.Sequence} carries {got.RecordKind}@{got.Provider} {got.Data?.ToJsonString()}");
            }
        }

        // Only the allowed changes, in order: no gap a subscriber could count hidden changes by.
        Require(next == released.Count, "change.denied-released", $"{released.Count - next} changes released beyond those the rules allow");
        return stats;
    }

    private sealed record ExpectedChange(IReadOnlyList<string> Fields, string Handle, string? From, ExpectedDecision? Record);

    // Just before an instant: a notice is judged then.
    private static readonly TimeSpan JustBefore = TimeSpan.FromTicks(1);

    /// <summary>
    /// What the rules let one change tell the subscriber (null: nothing). A create or update carries
    /// the record, judged at the read; a notice reaches a subscriber that could see one of the
    /// subject's records just before it took effect; a withdrawal reaches exactly those it cut off.
    /// </summary>
    private static ExpectedChange? ExpectChange(ReleaseWorld world, GeneratedChange generated)
    {
        var change = generated.Candidate;
        var organisation = world.Caller.Organisation;
        if (string.IsNullOrEmpty(change.SubjectKey))
            return null;
        var key = change.SubjectKey;
        if (ChangeTypes.CarriesData(change.Type))
        {
            if (generated.Record is not { } record || change.Record?.Data is null || !ReleasedKinds.Contains(record.Kind))
                return null;
            var allowed = Allowed(world, key, record.Provider, record.CertificationType, FieldsOf(record.Kind, null), world.At);
            if (allowed.Count == 0)
                return null;
            var handle = CategoryReleased(world, DataCategory.Identity, key, record.Provider, world.At) ? Handles.Identified(key) : Handles.Candidate(organisation, key);
            return new ExpectedChange([.. allowed.Order(StringComparer.Ordinal)], handle, null, new ExpectedDecision(record, allowed, record.Provider));
        }

        var sources = change.Type == ChangeTypes.RecordDeleted && change.Record is { } deleted
            ? [(deleted.Kind, deleted.SourceOrganisation)]
            : change.SubjectSources.Select(s => (s.Kind, s.SourceOrganisation)).ToList();
        string? Entitled(DateTimeOffset at)
        {
            var relevant = sources.Where(s => ReleasedKinds.Contains(s.Kind)).ToList();
            if (relevant.Count == 0)
                relevant = [("graduate", null!)];
            var first = relevant.FirstOrDefault(s => Allowed(world, key, s.SourceOrganisation, null, FieldsOf(s.Kind, null), at).Count > 0);
            if (first.Kind is null)
                return null;
            return CategoryReleased(world, DataCategory.Identity, key, first.SourceOrganisation, at) ? Handles.Identified(key) : Handles.Candidate(organisation, key);
        }

        IReadOnlyList<string> notice = ["change/" + change.Type];
        if (change.Type == ChangeTypes.ConsentWithdrawn)
        {
            if (change.WithdrawnAt is not { } withdrawnAt || Entitled(withdrawnAt - JustBefore) is not { } before || Entitled(withdrawnAt) is not null)
                return null;
            return new ExpectedChange(notice, before, null, null);
        }

        var effective = change.Type is ChangeTypes.RecordDeleted or ChangeTypes.SubjectErased && change.WithdrawnAt is { } w && w < change.At ? w : change.At;
        if (Entitled(effective - JustBefore) is not { } entitled)
            return null;
        string? from = null;
        if (change.Type is ChangeTypes.SubjectMerged or ChangeTypes.SubjectSplit && !string.IsNullOrEmpty(change.FromSubjectKey))
            from = entitled.StartsWith(SubjectHandles.IdentifiedPrefix, StringComparison.Ordinal) ? Handles.Identified(change.FromSubjectKey) : Handles.Candidate(organisation, change.FromSubjectKey);
        return new ExpectedChange(notice, entitled, from, null);
    }

    /// <summary>A change as the index would hand it over, and the generated record it carries (for the oracle's certification type).</summary>
    private sealed record GeneratedChange(ChangeCandidate Candidate, GeneratedRecord? Record);

    private static readonly string[] ChangeTypeNames =
    [
        ChangeTypes.RecordCreated, ChangeTypes.RecordUpdated, ChangeTypes.RecordDeleted, ChangeTypes.SubjectErased,
        ChangeTypes.SubjectMerged, ChangeTypes.SubjectSplit, ChangeTypes.ConsentWithdrawn,
    ];

    private static Gen<GeneratedChange[]> GenChanges(ReleaseWorld world)
    {
        var withdrawals = world.Consents.Select(k => k.WithdrawnAt).OfType<DateTimeOffset>().ToArray();
        var vacancy = new GeneratedRecord("vacancy", EmployerA, null, new JsonObject { ["recordId"] = "v-1", ["title"] = "会计", ["residentId"] = ReleaseWorlds.ResidentId });
        return Gen.Select(Gen.Int[0, ChangeTypeNames.Length - 1], Gen.Int[-1, (world.Subjects.Length * 4) - 1], Gen.Int[0, 9], Gen.Int[-48 * 60, 0], Gen.Int[-1, 9], Gen.Int[0, 7],
                (type, subjectPick, recordPick, minutes, withdrawnPick, sourcesPick) =>
                {
                    var name = ChangeTypeNames[type];
                    var subject = world.Subjects[Math.Max(subjectPick, 0) % world.Subjects.Length];
                    var key = subjectPick < 0 ? null : subject.Key;
                    var record = recordPick == 9 ? vacancy : subject.Records[recordPick % subject.Records.Count];
                    var at = world.At.AddMinutes(minutes);
                    ChangedRecordCandidate? changed = name switch
                    {
                        ChangeTypes.RecordCreated or ChangeTypes.RecordUpdated =>
                            new ChangedRecordCandidate(record.Kind, record.Provider, recordPick == 8 ? null : record.ToCandidate().Record),
                        ChangeTypes.RecordDeleted when recordPick != 8 => new ChangedRecordCandidate(record.Kind, record.Provider, null),
                        _ => null,
                    };
                    List<ChangedRecordSource> sources = sourcesPick == 0 ? [] : [.. subject.Records.Select(r => new ChangedRecordSource(r.Kind, r.Provider)).Distinct()];
                    DateTimeOffset? withdrawnAt = name is ChangeTypes.ConsentWithdrawn or ChangeTypes.SubjectErased or ChangeTypes.RecordDeleted && withdrawnPick >= 0
                        ? withdrawals.Length > 0 && withdrawnPick < 7 ? withdrawals[withdrawnPick % withdrawals.Length] : at.AddHours(-withdrawnPick)
                        : null;
                    var from = name is ChangeTypes.SubjectMerged or ChangeTypes.SubjectSplit
                        ? recordPick switch { < 4 => world.Subjects[recordPick % world.Subjects.Length].Key, < 8 => ReleaseWorlds.SomeoneElse, _ => null }
                        : null;
                    return (name, key, from, changed, sources, withdrawnAt, at, record: ChangeTypes.CarriesData(name) ? record : null);
                })
            .Array[1, 8]
            .Select(items => items.OrderBy(c => c.at)
                .Select((c, i) => new GeneratedChange(new ChangeCandidate((3 * i) + 1, c.name, c.at, c.key, c.from, c.changed, c.sources, c.withdrawnAt), c.record))
                .ToArray());
    }

    private static string Describe(GeneratedChange g) =>
        $"{g.Candidate.Sequence} {g.Candidate.Type} at {g.Candidate.At:O} subject {g.Candidate.SubjectKey} from {g.Candidate.FromSubjectKey} " +
        $"record {g.Candidate.Record?.Kind}@{g.Candidate.Record?.SourceOrganisation}{(g.Candidate.Record?.Data is null ? "" : " with data")} " +
        $"sources [{string.Join(", ", g.Candidate.SubjectSources.Select(s => $"{s.Kind}@{s.SourceOrganisation}"))}] withdrawn {g.Candidate.WithdrawnAt:O}";

    private static void Unknown(ReleaseWorld world, string action, string key, IReadOnlyList<AuditRecord> entries, ref int cursor)
    {
        Require(cursor < entries.Count, "audit.missing", $"{key}: the read of an unknown subject was not audited");
        var entry = entries[cursor++];
        CheckEntry(world, action, entry);
        Require(entry.Decision == "deny" && entry.Rule == PolicyRules.SubjectUnknown && entry.FieldsReleased.Count == 0
                && entry.SubjectHandle == Handles.Candidate(world.Caller.Organisation, key), "audit.unknown", $"{key}: {entry}");
    }

    private static IEnumerable<GuardedNote> Chain(GuardedNote? note)
    {
        for (; note is not null; note = note.Otherwise)
            yield return note;
    }

    private static (ReleaseService Release, RecordingAuditLog Audit, MemoryHandleDirectory Directory) Service(ReleaseWorld world)
    {
        var snapshot = PolicySnapshot.Create(world.Agreements, world.Consents);
        var audit = new RecordingAuditLog();
        var directory = new MemoryHandleDirectory();
        return (new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), audit, Handles, directory, Telemetry), audit, directory);
    }

    private static string Fields(IReadOnlySet<string>? fields) => fields is null ? "all" : string.Join(", ", fields);
}
