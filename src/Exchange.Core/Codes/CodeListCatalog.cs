using System.Text.Json;
using Exchange.Core.Json;

namespace Exchange.Core.Codes;

/// <summary>
/// Every code list, loaded once from data files. A deployment points <see cref="Load"/> at an
/// override folder to replace or extend any list with a newer official file, without a rebuild.
/// </summary>
public sealed class CodeListCatalog
{
    private readonly IReadOnlyDictionary<string, CodeList> _lists;

    private CodeListCatalog(IReadOnlyDictionary<string, CodeList> lists) => _lists = lists;

    /// <summary>The folder of lists shipped beside the binaries.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "schemas", "codes");

    private static readonly Lazy<CodeListCatalog> s_shipped = new(() => Load(ShippedDirectory));

    /// <summary>The shipped lists, loaded on first use.</summary>
    public static CodeListCatalog Shipped => s_shipped.Value;

    /// <summary>All lists by name.</summary>
    public IReadOnlyCollection<CodeList> Lists => (IReadOnlyCollection<CodeList>)_lists.Values;

    /// <summary>The named list; throws when the catalog does not have it.</summary>
    public CodeList this[string name] =>
        _lists.TryGetValue(name, out var list) ? list : throw new KeyNotFoundException($"No code list named '{name}' is loaded.");

    /// <summary>
    /// Loads every <c>*.json</c> list in <paramref name="directory"/>, then applies the files in
    /// <paramref name="overrideDirectory"/> (when given): a file in <c>replace</c> mode swaps the
    /// list, one in <c>extend</c> mode adds to it.
    /// </summary>
    /// <exception cref="CodeListException">A file is unreadable or a required list is missing.</exception>
    public static CodeListCatalog Load(string directory, string? overrideDirectory = null)
    {
        var files = new Dictionary<string, CodeListFile>(StringComparer.Ordinal);
        foreach (var file in ReadFolder(directory))
            files[file.List] = file;

        if (overrideDirectory is not null)
        {
            foreach (var file in ReadFolder(overrideDirectory))
            {
                files[file.List] = string.Equals(file.Mode, "extend", StringComparison.Ordinal) && files.TryGetValue(file.List, out var shipped)
                    ? Extend(shipped, file)
                    : file;
            }
        }

        var missing = CodeListNames.Required.Where(n => !files.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new CodeListException($"Code lists missing from '{directory}': {string.Join(", ", missing)}.");

        return new CodeListCatalog(files.ToDictionary(kv => kv.Key, kv => new CodeList(kv.Value), StringComparer.Ordinal));
    }

    private static CodeListFile Extend(CodeListFile shipped, CodeListFile extension)
    {
        var replaced = extension.Entries.Select(e => (e.Code, e.Introduced)).ToHashSet();
        var entries = shipped.Entries.Where(e => !replaced.Contains((e.Code, e.Introduced))).Concat(extension.Entries).ToList();
        return shipped with { Version = extension.Version, Source = $"{shipped.Source} Extended by: {extension.Source}", Entries = entries };
    }

    private static IEnumerable<CodeListFile> ReadFolder(string directory)
    {
        if (!Directory.Exists(directory))
            throw new CodeListException($"Code list folder '{directory}' does not exist.");

        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            CodeListFile? file;
            try
            {
                using var stream = File.OpenRead(path);
                file = JsonSerializer.Deserialize(stream, CoreJsonContext.Default.CodeListFile);
            }
            catch (JsonException ex)
            {
                throw new CodeListException($"Code list file '{path}' is not a valid list: {ex.Message}", ex);
            }
            if (file is null || file.Entries.Any(e => string.IsNullOrEmpty(e.Code)))
                throw new CodeListException($"Code list file '{path}' is empty or has an entry without a code.");
            yield return file;
        }
    }
}

/// <summary>A code-list file could not be loaded.</summary>
public sealed class CodeListException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CodeListException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public CodeListException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public CodeListException() { }
}
