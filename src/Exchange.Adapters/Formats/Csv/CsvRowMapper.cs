using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Maps the rows of one file through its profile: planned once from the header row (which column
/// fills which fields, which headers are unknown or repeated), then applied to each row.
/// </summary>
internal sealed partial class CsvRowMapper
{
    private readonly MappingProfile _profile;
    private readonly CsvReadOptions _options;
    private readonly string[] _headers;
    private readonly IReadOnlyList<ColumnTarget>?[] _plan;
    private readonly Dictionary<string, string> _columnsByPointer = new(StringComparer.Ordinal);
    private readonly List<RowProblem> _headerProblems = [];

    public CsvRowMapper(MappingProfile profile, CsvReadOptions options, string[] headers, int headerRow)
    {
        _profile = profile;
        _options = options;
        _headers = headers;
        _plan = new IReadOnlyList<ColumnTarget>?[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            var header = headers[i];
            if (header.Length == 0 || profile.Ignore.Contains(header, StringComparer.OrdinalIgnoreCase))
                continue;
            var column = FindColumn(profile, header);
            if (column is null)
            {
                _headerProblems.Add(new RowProblem(headerRow, header, CsvProblems.UnknownHeader(header)));
                continue;
            }
            var targets = new List<ColumnTarget>();
            foreach (var target in column.Fills)
            {
                if (_columnsByPointer.TryAdd(CsvProblems.Pointer(target.Path), header))
                    targets.Add(target);
                else
                    _headerProblems.Add(new RowProblem(headerRow, header, CsvProblems.DuplicateHeader(header, target.Path)));
            }
            _plan[i] = targets;
        }

        // A derived field's problems name the column its value came from.
        foreach (var (path, derived) in profile.Derived)
        {
            if (_columnsByPointer.TryGetValue(CsvProblems.Pointer(derived.From), out var source))
                _columnsByPointer.TryAdd(CsvProblems.Pointer(path), source);
        }
    }

    public IReadOnlyList<RowProblem> HeaderProblems => _headerProblems;

    public IReadOnlyDictionary<string, string> ColumnsByPointer => _columnsByPointer;

    public static ColumnMapping? FindColumn(MappingProfile profile, string header) =>
        profile.Columns.FirstOrDefault(c => c.Headers.Any(h => string.Equals(h.Trim(), header, StringComparison.OrdinalIgnoreCase)));

    /// <summary>One data row as a canonical record; <paramref name="syntaxError"/> is the row's RFC 4180 flaw, if any.</summary>
    public CsvRow Map(int row, IReadOnlyList<string> fields, string? syntaxError)
    {
        var problems = new List<Problem>();
        if (syntaxError is not null)
            problems.Add(CsvProblems.Malformed(syntaxError));
        if (fields.Count > _headers.Length)
            problems.Add(CsvProblems.ExtraFields(fields.Count, _headers.Length));

        var root = new JsonObject();
        foreach (var (path, value) in _profile.Constants)
            Set(root, path, JsonNode.Parse(value.GetRawText()));
        foreach (var (path, value) in _options.Constants)
            Set(root, path, JsonValue.Create(value));

        for (var i = 0; i < Math.Min(fields.Count, _plan.Length); i++)
        {
            var targets = _plan[i];
            var cell = fields[i].Trim();
            if (targets is null || cell.Length == 0)
                continue;
            foreach (var target in targets)
            {
                var (value, errorCode) = ValueConverters.Convert(target.Convert, cell);
                if (errorCode is not null)
                    problems.Add(CsvProblems.BadValue(errorCode, _headers[i], target.Path));
                else
                    Set(root, target.Path, value);
            }
        }

        foreach (var (path, derived) in _profile.Derived)
        {
            if (Get(root, path) is not null || Get(root, derived.From) is not JsonValue source)
                continue;
            var text = source.TryGetValue<string>(out var s) ? s : source.ToJsonString();
            var (value, errorCode) = ValueConverters.Convert(derived.Convert, text);
            if (errorCode is not null)
                problems.Add(CsvProblems.BadValue(errorCode, _columnsByPointer.GetValueOrDefault(CsvProblems.Pointer(derived.From), derived.From), path));
            else
                Set(root, path, value);
        }

        foreach (var (path, template) in _profile.Templates)
        {
            if (Get(root, path) is null && Fill(root, template) is { } filled)
                Set(root, path, JsonValue.Create(filled));
        }

        return new CsvRow(row, JsonSerializer.SerializeToUtf8Bytes(root), problems);
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        var node = root;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }
            node = child;
        }
        node[segments[^1]] = value;
    }

    private static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
            node = (node as JsonObject)?[segment];
        return node;
    }

    // Every placeholder must have a value; a half-filled template would be a wrong id, not a missing one.
    private static string? Fill(JsonObject root, string template)
    {
        var missing = false;
        var filled = Placeholder().Replace(template, m =>
        {
            var value = Get(root, m.Groups[1].Value);
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
                return text;
            if (value is JsonValue n)
                return n.ToJsonString();
            missing = true;
            return "";
        });
        return missing ? null : filled;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_.]+)\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Placeholder();
}
