using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Reads a CSV export (RFC 4180; UTF-8, GBK or GB18030) into canonical records, one per row,
/// through a <see cref="MappingProfile"/> that knows the source's headers — English, Chinese or
/// pinyin codes. Problems are reported per row and column; the reader never throws on bad input.
/// </summary>
public sealed partial class CsvRecordReader(MappingProfileCatalog profiles)
{
    /// <summary>Reads a whole file.</summary>
    public CsvReadResult Read(ReadOnlySpan<byte> bytes, CsvReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (bytes.Length > options.MaxBytes)
            return new CsvReadResult { FileProblem = CsvProblems.TooLarge(bytes.Length, options.MaxBytes) };

        var (text, encodingName, error) = CsvEncoding.Decode(bytes, options.Charset);
        if (text is null)
            return new CsvReadResult { FileProblem = CsvProblems.Encoding(error!) };

        using var records = Rfc4180Parser.Parse(text).GetEnumerator();
        if (!records.MoveNext())
            return new CsvReadResult { Encoding = encodingName, FileProblem = CsvProblems.Empty() };

        var headerRecord = records.Current;
        var headers = headerRecord.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var profile = ChooseProfile(headers, options, out var profileProblem);
        if (profile is null)
            return new CsvReadResult { Encoding = encodingName, FileProblem = profileProblem };

        var (plan, headerProblems, columnsByPointer) = Plan(profile, headers, headerRecord.Number);
        var rows = new List<CsvRow>();
        while (records.MoveNext())
            rows.Add(MapRow(records.Current, profile, options, headers, plan, columnsByPointer));

        return new CsvReadResult
        {
            Encoding = encodingName,
            Profile = profile.Name,
            HeaderProblems = headerProblems,
            Rows = rows,
            ColumnsByPointer = columnsByPointer,
        };
    }

    private MappingProfile? ChooseProfile(string[] headers, CsvReadOptions options, out Problem? problem)
    {
        problem = null;
        var kind = options.Kind.Name();
        if (options.Profile is not null)
        {
            var named = profiles.Find(options.Profile);
            if (named is null || !string.Equals(named.Kind, kind, StringComparison.Ordinal))
                problem = CsvProblems.UnknownProfile(options.Profile);
            return problem is null ? named : null;
        }

        var best = profiles.ForKind(kind)
            .Select(p => (Profile: p, Matches: headers.Count(h => FindColumn(p, h) is not null)))
            .Where(c => c.Matches > 0)
            .OrderByDescending(c => c.Matches)
            .Select(c => c.Profile)
            .FirstOrDefault();
        if (best is null)
            problem = CsvProblems.NoProfile(kind);
        return best;
    }

    private static (IReadOnlyList<ColumnTarget>?[] Plan, List<RowProblem> Problems, Dictionary<string, string> ColumnsByPointer) Plan(
        MappingProfile profile, string[] headers, int headerRow)
    {
        var plan = new IReadOnlyList<ColumnTarget>?[headers.Length];
        var problems = new List<RowProblem>();
        var columnsByPointer = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Length; i++)
        {
            var header = headers[i];
            if (header.Length == 0 || profile.Ignore.Contains(header, StringComparer.OrdinalIgnoreCase))
                continue;
            var column = FindColumn(profile, header);
            if (column is null)
            {
                problems.Add(new RowProblem(headerRow, header, CsvProblems.UnknownHeader(header)));
                continue;
            }
            var targets = new List<ColumnTarget>();
            foreach (var target in column.Fills)
            {
                if (columnsByPointer.TryAdd(CsvProblems.Pointer(target.Path), header))
                    targets.Add(target);
                else
                    problems.Add(new RowProblem(headerRow, header, CsvProblems.DuplicateHeader(header, target.Path)));
            }
            plan[i] = targets;
        }

        // A derived field's problems name the column its value came from.
        foreach (var (path, derived) in profile.Derived)
        {
            if (columnsByPointer.TryGetValue(CsvProblems.Pointer(derived.From), out var source))
                columnsByPointer.TryAdd(CsvProblems.Pointer(path), source);
        }
        return (plan, problems, columnsByPointer);
    }

    private static ColumnMapping? FindColumn(MappingProfile profile, string header) =>
        profile.Columns.FirstOrDefault(c => c.Headers.Any(h => string.Equals(h.Trim(), header, StringComparison.OrdinalIgnoreCase)));

    private static CsvRow MapRow(
        Rfc4180Parser.Record record, MappingProfile profile, CsvReadOptions options, string[] headers, IReadOnlyList<ColumnTarget>?[] plan,
        IReadOnlyDictionary<string, string> columnsByPointer)
    {
        var problems = new List<Problem>();
        if (record.Error is not null)
            problems.Add(CsvProblems.Malformed(record.Error));
        if (record.Fields.Count > headers.Length)
            problems.Add(CsvProblems.ExtraFields(record.Fields.Count, headers.Length));

        var root = new JsonObject();
        foreach (var (path, value) in profile.Constants)
            Set(root, path, JsonNode.Parse(value.GetRawText()));
        foreach (var (path, value) in options.Constants)
            Set(root, path, JsonValue.Create(value));

        for (var i = 0; i < Math.Min(record.Fields.Count, plan.Length); i++)
        {
            var targets = plan[i];
            var cell = record.Fields[i].Trim();
            if (targets is null || cell.Length == 0)
                continue;
            foreach (var target in targets)
            {
                var (value, errorCode) = ValueConverters.Convert(target.Convert, cell);
                if (errorCode is not null)
                    problems.Add(CsvProblems.BadValue(errorCode, headers[i], target.Path));
                else
                    Set(root, target.Path, value);
            }
        }

        foreach (var (path, derived) in profile.Derived)
        {
            if (Get(root, path) is not null || Get(root, derived.From) is not JsonValue source)
                continue;
            var text = source.TryGetValue<string>(out var s) ? s : source.ToJsonString();
            var (value, errorCode) = ValueConverters.Convert(derived.Convert, text);
            if (errorCode is not null)
                problems.Add(CsvProblems.BadValue(errorCode, columnsByPointer.GetValueOrDefault(CsvProblems.Pointer(derived.From), derived.From), path));
            else
                Set(root, path, value);
        }

        foreach (var (path, template) in profile.Templates)
        {
            if (Get(root, path) is null && Fill(root, template) is { } filled)
                Set(root, path, JsonValue.Create(filled));
        }

        return new CsvRow(record.Number, JsonSerializer.SerializeToUtf8Bytes(root), problems);
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
