using System.Text.Json;

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
    /// <exception cref="InvalidDataException">A profile file is unreadable, extends an unknown profile, or maps one header twice.</exception>
    public static MappingProfileCatalog Load(string? extraDirectory = null) =>
        Load(extraDirectory is null ? [ShippedDirectory] : [ShippedDirectory, extraDirectory]);

    /// <summary>Loads profiles from folders in order; a later folder's profile replaces an earlier one of the same name.</summary>
    /// <exception cref="InvalidDataException">A profile file is unreadable, extends an unknown profile, or maps one header twice.</exception>
    public static MappingProfileCatalog Load(IEnumerable<string> directories)
    {
        var raw = new Dictionary<string, MappingProfile>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
                throw new InvalidDataException($"Mapping profile folder '{directory}' does not exist.");
            foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                var profile = Read(path);
                raw[profile.Name] = profile;
            }
        }

        var resolved = new Dictionary<string, MappingProfile>(StringComparer.Ordinal);
        foreach (var name in raw.Keys)
            resolved[name] = Resolve(name, raw, []);
        foreach (var profile in resolved.Values)
            Check(profile);
        return new MappingProfileCatalog(resolved);
    }

    private static MappingProfile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var profile = JsonSerializer.Deserialize<MappingProfile>(stream, s_options)
                ?? throw new InvalidDataException($"Mapping profile '{path}' is empty.");
            if (!profile.TryGetKind(out _))
                throw new InvalidDataException($"Mapping profile '{path}' names an unknown kind '{profile.Kind}'.");
            return profile;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Mapping profile '{path}' is not valid: {e.Message}", e);
        }
    }

    private static MappingProfile Resolve(string name, Dictionary<string, MappingProfile> raw, HashSet<string> visiting)
    {
        var profile = raw[name];
        if (profile.Extends is null)
            return profile;
        if (!visiting.Add(name))
            throw new InvalidDataException($"Mapping profile '{name}' extends itself through a cycle.");
        if (!raw.ContainsKey(profile.Extends))
            throw new InvalidDataException($"Mapping profile '{name}' extends unknown profile '{profile.Extends}'.");

        var parent = Resolve(profile.Extends, raw, visiting);
        var ownPaths = profile.Columns.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        return profile with
        {
            Extends = null,
            Columns = [.. parent.Columns.Where(c => !ownPaths.Contains(c.Path)), .. profile.Columns],
            Ignore = [.. parent.Ignore, .. profile.Ignore],
            Constants = Merge(parent.Constants, profile.Constants),
            Templates = Merge(parent.Templates, profile.Templates),
        };
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> parent, IReadOnlyDictionary<string, string> own)
    {
        var merged = new Dictionary<string, string>(parent, StringComparer.Ordinal);
        foreach (var (key, value) in own)
            merged[key] = value;
        return merged;
    }

    private static void Check(MappingProfile profile)
    {
        var byHeader = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in profile.Columns)
        {
            if (!ValueConverters.IsKnown(column.Convert))
                throw new InvalidDataException($"Mapping profile '{profile.Name}': column '{column.Path}' has unknown converter '{column.Convert}'.");
            foreach (var header in column.Headers)
            {
                if (byHeader.TryGetValue(header.Trim(), out var other) && other != column.Path)
                    throw new InvalidDataException($"Mapping profile '{profile.Name}': header '{header}' maps to both '{other}' and '{column.Path}'.");
                byHeader[header.Trim()] = column.Path;
            }
        }
    }
}
