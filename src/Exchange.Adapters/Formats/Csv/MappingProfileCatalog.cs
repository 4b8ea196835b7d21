using System.Text.Json;
using Exchange.Core.Model;
using Exchange.Core.Schemas;
using Microsoft.Extensions.Options;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// The mapping profiles: the shipped ones (<c>Profiles/*.json</c> beside the binaries) and any a
/// deployment adds in its own folder. A profile in the added folder with a shipped profile's name
/// replaces it; <c>extends</c> builds on another profile.
/// </summary>
public sealed class MappingProfileCatalog
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    private readonly Dictionary<string, MappingProfile> _profiles;

    private MappingProfileCatalog(Dictionary<string, MappingProfile> profiles) => _profiles = profiles;

    /// <summary>The folder of profiles shipped beside the binaries.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "Profiles");

    /// <summary>Every profile, with <c>extends</c> resolved.</summary>
    public IReadOnlyCollection<MappingProfile> Profiles => _profiles.Values;

    /// <summary>The named profile, or null.</summary>
    public MappingProfile? Find(string name) => _profiles.GetValueOrDefault(name);

    /// <summary>The profiles that produce records of a kind.</summary>
    public IEnumerable<MappingProfile> ForKind(string kind) =>
        _profiles.Values.Where(p => string.Equals(p.Kind, kind, StringComparison.Ordinal)).OrderBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>Loads the shipped profiles, then those in <paramref name="extraDirectory"/> when given.</summary>
    /// <exception cref="OptionsValidationException">
    /// A profile is wrong: unreadable, extending an unknown profile, naming a field the schema does
    /// not have, a constant of the wrong type … Every failure names the profile file and the entry.
    /// </exception>
    public static MappingProfileCatalog Load(string? extraDirectory = null) =>
        Load(extraDirectory is null ? [ShippedDirectory] : [ShippedDirectory, extraDirectory]);

    /// <summary>Loads profiles from folders in order; a later folder's profile replaces an earlier one of the same name.</summary>
    /// <exception cref="OptionsValidationException">A profile is wrong; every failure names the profile file and the entry.</exception>
    public static MappingProfileCatalog Load(IEnumerable<string> directories)
    {
        var failures = new List<string>();
        var raw = new Dictionary<string, MappingProfile>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                failures.Add($"Mapping profile folder '{directory}' does not exist.");
                continue;
            }
            foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                if (Read(path, failures) is not { } profile)
                    continue;
                raw[profile.Name] = profile;
                files[profile.Name] = path;
            }
        }

        var resolved = new Dictionary<string, MappingProfile>(StringComparer.Ordinal);
        foreach (var name in raw.Keys)
        {
            if (Resolve(name, raw, files, [], failures) is { } profile)
                resolved[name] = profile;
        }

        var (schema, schemaError) = SchemaFieldTypes.Load(SchemaCatalog.ShippedDirectory);
        if (schema is null)
            failures.Add(schemaError!);
        else
        {
            foreach (var (name, profile) in raw)
                failures.AddRange(MappingProfileChecks.Problems(profile, files[name], schema));
        }
        var origins = new Dictionary<ColumnMapping, MappingProfileChecks.ColumnOrigin>(ReferenceEqualityComparer.Instance);
        foreach (var (name, profile) in raw)
        {
            for (var i = 0; i < profile.Columns.Count; i++)
                origins.TryAdd(profile.Columns[i], new MappingProfileChecks.ColumnOrigin(files[name], i));
        }
        foreach (var profile in resolved.Values)
            failures.AddRange(MappingProfileChecks.HeaderCollisions(profile, origins));

        if (failures.Count > 0)
            throw new OptionsValidationException(SettingName, typeof(MappingProfileCatalog), failures.Distinct(StringComparer.Ordinal));
        return new MappingProfileCatalog(resolved);
    }

    /// <summary>The setting that adds a deployment's profiles; a profile error is reported as a refusal of the hub's settings.</summary>
    public const string SettingName = "Exchange:Ingest:ProfilesDirectory";

    private static MappingProfile? Read(string path, List<string> failures)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var profile = JsonSerializer.Deserialize<MappingProfile>(stream, s_options);
            if (profile is null)
                failures.Add($"Mapping profile file '{path}' is empty.");
            else if (!profile.TryGetKind(out _))
                failures.Add($"Mapping profile file '{path}', kind: '{profile.Kind}' is not a record kind; use one of {string.Join(", ", RecordKinds.All.Select(k => k.Name()))}.");
            else
                return profile;
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $", {e.Path.TrimStart('$', '.')}";
            var line = e.LineNumber is { } l ? FormattableString.Invariant($" (line {l + 1})") : "";
            failures.Add($"Mapping profile file '{path}'{where}{line}: {FirstSentence(e.Message)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"Mapping profile file '{path}' cannot be read: {e.Message}");
        }
        return null;
    }

    // System.Text.Json appends the path and position the failure already names.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    private static MappingProfile? Resolve(
        string name, Dictionary<string, MappingProfile> raw, Dictionary<string, string> files, HashSet<string> visiting, List<string> failures)
    {
        var profile = raw[name];
        if (profile.Extends is null)
            return profile;
        if (!visiting.Add(name))
        {
            failures.Add($"Mapping profile file '{files[name]}', extends: '{name}' extends itself through a cycle.");
            return null;
        }
        if (!raw.ContainsKey(profile.Extends))
        {
            failures.Add($"Mapping profile file '{files[name]}', extends: there is no profile named '{profile.Extends}'.");
            return null;
        }

        if (Resolve(profile.Extends, raw, files, visiting, failures) is not { } parent)
            return null;
        var ownPaths = profile.Columns.SelectMany(c => c.Fills).Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        return profile with
        {
            Extends = null,
            Columns = [.. parent.Columns.Where(c => !c.Fills.Any(t => ownPaths.Contains(t.Path))), .. profile.Columns],
            Ignore = [.. parent.Ignore, .. profile.Ignore],
            Constants = Merge(parent.Constants, profile.Constants),
            Derived = Merge(parent.Derived, profile.Derived),
            Templates = Merge(parent.Templates, profile.Templates),
        };
    }

    private static Dictionary<string, T> Merge<T>(IReadOnlyDictionary<string, T> parent, IReadOnlyDictionary<string, T> own)
    {
        var merged = new Dictionary<string, T>(parent, StringComparer.Ordinal);
        foreach (var (key, value) in own)
            merged[key] = value;
        return merged;
    }
}
