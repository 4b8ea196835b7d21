using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Decisions;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;
using static Exchange.Access.Tests.Enforcement.ReleaseRules;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>A broken property: its kind (what broke) and what was seen.</summary>
internal sealed class ReleaseViolation(string kind, string message) : Exception(message)
{
    public string Kind { get; } = kind;
}

/// <summary>What one generated case showed: whether anything was released, sensitive data included, and whether some subject was denied entirely.</summary>
internal sealed class CaseStats
{
    public bool Released { get; set; }
    public bool Sensitive { get; set; }
    public bool Denied { get; set; }
    public bool Special { get; set; }

    /// <summary>Broken properties that are recorded without stopping the other checks of the case.</summary>
    public List<ReleaseViolation> Deferred { get; } = [];
}

/// <summary>Counts over a run: cases, releases, sensitive releases, denials, and each kind of broken property with its shortest example.</summary>
internal sealed class ReleaseTally
{
    private long _cases, _released, _sensitive, _denied, _special;

    public ConcurrentDictionary<string, (long Count, string Example)> Violations { get; } = new(StringComparer.Ordinal);

    public long Cases => Interlocked.Read(ref _cases);
    public long Released => Interlocked.Read(ref _released);
    public long Sensitive => Interlocked.Read(ref _sensitive);
    public long Denied => Interlocked.Read(ref _denied);
    public long Special => Interlocked.Read(ref _special);

    public void Add(CaseStats stats)
    {
        Interlocked.Increment(ref _cases);
        Interlocked.Add(ref _released, stats.Released ? 1 : 0);
        Interlocked.Add(ref _sensitive, stats.Sensitive ? 1 : 0);
        Interlocked.Add(ref _denied, stats.Denied ? 1 : 0);
        Interlocked.Add(ref _special, stats.Special ? 1 : 0);
    }

    public void Fail(string kind, string example) =>
        Violations.AddOrUpdate(kind, _ => (1, example), (_, seen) => (seen.Count + 1, example.Length < seen.Example.Length ? example : seen.Example));

    public string Report() => string.Join("\n\n", Violations.OrderBy(v => v.Key, StringComparer.Ordinal)
        .Select(v => $"[{v.Key}] broken in {v.Value.Count:N0} cases; shortest:\n{v.Value.Example}"));
}

/// <summary>One decision the rules expect of a subject's read: of a record (or, with none, of the derived eligibility) and the fields it allows.</summary>
internal sealed record ExpectedDecision(GeneratedRecord? Record, HashSet<string> Allowed, string? Provider)
{
    public bool Permits => Allowed.Count > 0;
}

/// <summary>
/// What the rules expect of one subject's read: a decision per record of a released kind, in the
/// order given, then the derived eligibility's when it is asked for and the subject has a
/// certification; the certifications the eligibility may draw on; the handle's kind.
/// </summary>
internal sealed record ExpectedSubject(GeneratedSubject Subject, List<ExpectedDecision> Decisions, ExpectedDecision? Derived, List<GeneratedRecord> Drawable, bool Identified)
{
    public bool Released => Decisions.Any(d => d.Permits);

    public string Handle(string organisation) => Identified ? Handles.Identified(Subject.Key) : Handles.Candidate(organisation, Subject.Key);

    /// <summary>The data categories released of the subject: those of every allowed field.</summary>
    public HashSet<DataCategory> ReleasedCategories() =>
        [.. Decisions.Where(d => d.Permits).SelectMany(d => d.Allowed.SelectMany(f => Categories(f, d.Record?.CertificationType) ?? []))];
}

/// <summary>The checks the release paths' property tests share: expected subjects from <see cref="ReleaseRules"/>, and documents, audit entries and the handle directory held against them.</summary>
internal static class ReleaseExpectations
{
    /// <summary>
    /// What the rules let the caller see of one subject: each record of a released kind decided on
    /// the fields asked for of its kind (a graduate also on the search's filtered fields), its
    /// provider being its sender; the derived eligibility decided on the institutions' agreements
    /// first (drawing on every certification), else the certifying bureaus' (drawing on theirs).
    /// </summary>
    public static ExpectedSubject Expect(ReleaseWorld world, GeneratedSubject subject, IReadOnlySet<string>? requested, IReadOnlySet<string> filtered)
    {
        var key = subject.Key;
        var decisions = new List<ExpectedDecision>();
        var identified = false;
        foreach (var record in subject.Records.Where(r => ReleasedKinds.Contains(r.Kind)))
        {
            var fields = FieldsOf(record.Kind, requested);
            if (record.Kind == "graduate")
                fields.UnionWith(filtered);
            var allowed = Allowed(world, key, record.Provider, record.CertificationType, fields, world.At);
            decisions.Add(new ExpectedDecision(record, allowed, record.Provider));
            identified |= allowed.Count > 0 && CategoryReleased(world, DataCategory.Identity, key, record.Provider, world.At);
        }

        ExpectedDecision? derived = null;
        var drawable = new List<GeneratedRecord>();
        var certifications = subject.Records.Where(r => r.Kind == "certification").ToList();
        if (certifications.Count > 0 && (requested is null || requested.Any(f => f.StartsWith("derived/", StringComparison.Ordinal))))
        {
            var fields = FieldsOf("derived", requested);
            bool Permits(string provider) => Allowed(world, key, provider, null, fields, world.At).Count > 0;
            var by = subject.Records.Where(r => r.Kind == "graduate").Select(r => r.Provider).Distinct().FirstOrDefault(Permits);
            if (by is not null)
            {
                drawable.AddRange(certifications);
            }
            else
            {
                var bureaus = certifications.Select(r => r.Provider).Distinct().Where(Permits).ToList();
                by = bureaus.FirstOrDefault();
                drawable.AddRange(certifications.Where(c => bureaus.Contains(c.Provider)));
            }

            // With no permit, the denial audited is the last one asked: of the last bureau.
            derived = by is null
                ? new ExpectedDecision(null, [], certifications.Select(c => c.Provider).Distinct().Last())
                : new ExpectedDecision(null, Allowed(world, key, by, null, fields, world.At), by);
            decisions.Add(derived);
            identified |= derived.Permits && CategoryReleased(world, DataCategory.Identity, key, by, world.At);
        }

        return new ExpectedSubject(subject, decisions, derived, drawable, identified);
    }

    /// <summary>Holds a released subject document against what the rules let through, record by record.</summary>
    public static void CheckDocument(ReleaseWorld world, ExpectedSubject expected, JsonObject document, CaseStats stats)
    {
        var key = expected.Subject.Key;
        NoKeysNorIdentifiers(document.ToJsonString(), key);
        var extra = document.Select(p => p.Key).Except(["graduate", "certifications", "placements", "derived", "subject"]).ToList();
        Require(extra.Count == 0, "document.shape", $"unexpected parts [{string.Join(", ", extra)}] of {key}");

        // One graduate document: the last graduate record released.
        var graduate = expected.Decisions.LastOrDefault(d => d.Record?.Kind == "graduate" && d.Permits);
        if (graduate is null)
            Require(document["graduate"] is null, "subject.denied-record-released", $"a graduate of {key} released though no graduate record may be");
        else
            CheckRecord(world, key, graduate, document["graduate"], stats);

        foreach (var kind in new[] { "certification", "placement" })
        {
            var permitted = expected.Decisions.Where(d => d.Record?.Kind == kind && d.Permits).ToList();
            var node = document[kind + "s"];
            if (permitted.Count == 0)
            {
                Require(node is null, "subject.denied-record-released", $"{kind}s of {key} released though none may be: {node?.ToJsonString()}");
                continue;
            }

            Require(node is JsonArray array && array.Count == permitted.Count, "subject.records",
                $"{kind}s of {key}: expected {permitted.Count} released, got {node?.ToJsonString()}");
            for (var i = 0; i < permitted.Count; i++)
                CheckRecord(world, key, permitted[i], node![i], stats);
        }

        CheckDerived(expected, document["derived"]);

        var handle = document["subject"]?.GetValue<string>();
        Require(handle == expected.Handle(world.Caller.Organisation), "handle",
            $"{key} released as {handle}, expected the {(expected.Identified ? "identified" : "candidate")} handle {expected.Handle(world.Caller.Organisation)}");
    }

    /// <summary>Holds one released record against the record it came from and the fields the rules allow of it.</summary>
    public static void CheckRecord(ReleaseWorld world, string key, ExpectedDecision expected, JsonNode? released, CaseStats stats)
    {
        var record = expected.Record!;
        var actual = Lines(released, record.Kind);
        var wanted = ExpectedLines(record.Document, record.Kind, expected.Allowed);
        foreach (var (path, _) in Leaves(released, record.Kind))
        {
            Require(!path.Split('/').Any(s => ClearIdentifiers.Contains(s)), "clear-identifier", $"{path} released");
            var governing = Governing(path, expected.Allowed);
            Require(governing is not null, "field.denied-released",
                $"{record} of {key}: {path} released though the rules allow only [{string.Join(", ", expected.Allowed.Order(StringComparer.Ordinal))}]");
            foreach (var category in Categories(governing!, record.CertificationType)!.Where(IsSensitive))
            {
                stats.Sensitive = true;
                Require(SeparateSensitiveConsent(world, key, category, world.At), "sensitive.without-separate-consent", $"{record} of {key}: {path} ({category})");
            }
        }

        Require(actual.SequenceEqual(wanted), "record.content",
            $"{record} of {key}: released\n    {string.Join("\n    ", actual)}\n  but the rules let through\n    {string.Join("\n    ", wanted)}");
        stats.Released = true;
    }

    private static void CheckDerived(ExpectedSubject expected, JsonNode? derived)
    {
        var key = expected.Subject.Key;
        if (expected.Derived is not { Permits: true } decision)
        {
            Require(derived is null, "derived.denied-released", $"eligibility of {key} released though the rules deny it: {derived?.ToJsonString()}");
            return;
        }

        Require(derived is not null, "derived.withheld", $"eligibility of {key} withheld though allowed");
        var leaves = Leaves(derived, "derived").ToList();
        foreach (var (path, value) in leaves)
        {
            Require(Governing(path, decision.Allowed) is not null, "derived.field-denied-released", $"{path} of {key} released; allowed [{string.Join(", ", decision.Allowed)}]");
            if (value == "null")
                continue;
            // The eligibility names only a certification the caller may draw on.
            if (path == "derived/eligibility/issuer")
                Require(expected.Drawable.Any(c => c.Document["issuerName"]!.ToJsonString() == value), "derived.undrawable-certification", $"{key}: issuer {value}");
            if (path == "derived/eligibility/validThrough")
                Require(expected.Drawable.Any(c => c.Document["validThrough"]!.ToJsonString() == value), "derived.undrawable-certification", $"{key}: validThrough {value}");
        }

        foreach (var field in decision.Allowed)
            Require(leaves.Any(l => l.Path == field || l.Path.StartsWith(field + "/", StringComparison.Ordinal)), "derived.withheld", $"{field} of {key} allowed but absent");
    }

    /// <summary>
    /// The audit entries of one subject's decisions, from <paramref name="cursor"/> on: one per expected
    /// decision, in order, naming the caller, purpose, action, instant, one of the caller's handles for
    /// the subject, permit exactly when fields are allowed, and exactly those fields.
    /// </summary>
    public static void CheckAudit(ReleaseWorld world, string action, ExpectedSubject expected, IReadOnlyList<AuditRecord> entries, ref int cursor)
    {
        var key = expected.Subject.Key;
        foreach (var decision in expected.Decisions)
        {
            Require(cursor < entries.Count, "audit.missing", $"{key}: {expected.Decisions.Count} decisions, the audit log has {entries.Count - cursor + expected.Decisions.Count} entries left");
            var entry = entries[cursor++];
            CheckEntry(world, action, entry);
            Require(entry.SubjectHandle == Handles.Candidate(world.Caller.Organisation, key)
                    || (entry.SubjectHandle == Handles.Identified(key) && CategoryReleased(world, DataCategory.Identity, key, decision.Provider, world.At)),
                "audit.handle", $"{key}: audited under {entry.SubjectHandle}");
            var fields = decision.Allowed.Order(StringComparer.Ordinal).ToList();
            Require(entry.Decision == (decision.Permits ? "permit" : "deny") && (entry.Rule == PolicyRules.Permit) == decision.Permits && entry.FieldsReleased.SequenceEqual(fields),
                "audit.decision",
                $"{key} {(object?)decision.Record ?? "derived"}: audited {entry.Decision} {entry.Rule} [{string.Join(", ", entry.FieldsReleased)}], the rules say [{string.Join(", ", fields)}]");
        }
    }

    /// <summary>An audit entry names the caller, its purpose, the action and the read's instant.</summary>
    public static void CheckEntry(ReleaseWorld world, string action, AuditRecord entry) =>
        Require(entry.At == world.At && entry.CallerClientId == world.Caller.ClientId && entry.CallerOrganisation == world.Caller.Organisation
                && entry.Purpose == world.Purpose.Name() && entry.Action == action,
            "audit.entry", $"entry {entry}");

    /// <summary>
    /// Each released subject's handle resolves to it for the caller's organisation and for no other;
    /// a subject released nothing is written down under no handle; nothing else is written.
    /// </summary>
    public static void CheckDirectory(ReleaseWorld world, MemoryHandleDirectory directory, IEnumerable<(string Key, string? Handle)> outcomes)
    {
        var organisation = world.Caller.Organisation;
        var written = 0;
        foreach (var (key, handle) in outcomes.DistinctBy(o => o.Key))
        {
            if (handle is null)
            {
                Require(Resolve(directory, organisation, Handles.Candidate(organisation, key)) is null && Resolve(directory, organisation, Handles.Identified(key)) is null,
                    "directory.denied-written", $"{key} was released nothing but a handle for it was written down");
                continue;
            }

            written++;
            Require(Resolve(directory, organisation, handle) == key, "directory.unresolved", $"{handle} released for {key} does not resolve for {organisation}");
            foreach (var other in ReleaseWorlds.Parties.Select(p => p.Organisation).Where(o => o != organisation))
                Require(Resolve(directory, other, handle) is null, "directory.other-organisation", $"{handle} resolves for {other}");
        }

        Require(directory.Count == written, "directory.extra", $"{directory.Count} handles written for {written} subjects released");
    }

    /// <summary>No linkage key and no clear identifier anywhere in what leaves.</summary>
    public static void NoKeysNorIdentifiers(string text, string what)
    {
        Require(!text.Contains("lk_", StringComparison.Ordinal), "linkage-key", $"a linkage key in what was released of {what}: {text}");
        Require(!text.Contains(ReleaseWorlds.ResidentId, StringComparison.Ordinal) && !text.Contains(ReleaseWorlds.CertificateNumber, StringComparison.Ordinal),
            "clear-identifier", $"a clear identifier in what was released of {what}");
    }

    public static void Require(bool condition, string kind, string message)
    {
        if (!condition)
            throw new ReleaseViolation(kind, message);
    }

    private static string? Resolve(MemoryHandleDirectory directory, string organisation, string handle) =>
        directory.ResolveAsync(organisation, handle, CancellationToken.None).GetAwaiter().GetResult();
}
