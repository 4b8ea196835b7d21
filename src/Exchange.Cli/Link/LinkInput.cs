using System.Text;
using System.Text.Json;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Cli.Link;

/// <summary>
/// Reads CSV or NDJSON files into the engine's records, mapping columns as the settings say. A bad
/// row is rejected with its line and reason and the others are kept; a file or mapping that cannot
/// be read at all stops the run before anything is written.
/// </summary>
internal sealed class LinkInput
{
    /// <summary>Largest file read.</summary>
    private const long MaxFileBytes = 1L << 30;

    private readonly ResolutionSchema _schema;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sources = new(StringComparer.Ordinal);

    public LinkInput(ResolutionSchema schema) => _schema = schema;

    public List<InputRecord> Records { get; } = [];

    /// <summary>Rows left out, each with its reason.</summary>
    public List<LinkProblem> Rejected { get; } = [];

    /// <summary>Reads one file; returns a problem that stops the run, or null.</summary>
    public LinkProblem? Read(FileInfo file, int fileIndex)
    {
        if (!file.Exists)
            return new LinkProblem(LinkProblem.FileMissing, $"File '{file.FullName}' does not exist.", file.Name);
        if (file.Length > MaxFileBytes)
            return new LinkProblem(LinkProblem.TooLarge, $"File is {file.Length} bytes; link files of at most 1 GiB.", file.Name);
        var format = (_schema.Settings.Input.Format ?? file.Extension.TrimStart('.')).ToLowerInvariant();
        if (format is not ("csv" or "ndjson" or "jsonl"))
            return new LinkProblem(LinkProblem.UnknownFormat, $"Format '{format}' is neither csv nor ndjson; set input.format in the settings.", file.Name);

        string text;
        try
        {
            text = Decode(File.ReadAllBytes(file.FullName));
        }
        catch (DecoderFallbackException)
        {
            return new LinkProblem(LinkProblem.Encoding,
                $"File is not valid {_schema.Settings.Input.Encoding}; set input.encoding to utf-8 or gb18030.", file.Name);
        }
        return format == "csv" ? ReadCsv(text, file.Name, fileIndex) : ReadNdjson(text, file.Name, fileIndex);
    }

    private string Decode(byte[] bytes)
    {
        if (_schema.Settings.Input.Encoding.Equals("gb18030", StringComparison.OrdinalIgnoreCase)
            || _schema.Settings.Input.Encoding.Equals("gbk", StringComparison.OrdinalIgnoreCase))
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(bytes);
        }
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    private LinkProblem? ReadCsv(string text, string fileName, int fileIndex)
    {
        var delimiter = _schema.Settings.Input.Delimiter.Trim() is { Length: 1 } d ? d[0] : _schema.Settings.Input.Delimiter == "\t" ? '\t' : ',';
        string[]? header = null;
        int[][] columns = [];
        int id = -1, source = -1;
        foreach (var row in CsvRows.Read(text, delimiter, null))
        {
            if (header is null)
            {
                if (row.Cells is null)
                    return new LinkProblem(LinkProblem.MalformedRow, "The header row cannot be read: " + row.Problem, fileName, row.Line);
                header = row.Cells;
                var index = header.Select((h, i) => (h, i)).GroupBy(p => p.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
                if (Mapping(index.ContainsKey, fileName) is { } problem)
                    return problem;
                columns = [.. _schema.FieldColumns.Select(cs => cs.Select(c => index[c]).ToArray())];
                id = index[_schema.Settings.Input.IdColumn];
                source = _schema.Settings.Input.SourceColumn is { } s ? index[s] : -1;
                break;
            }
        }
        if (header is null)
            return null;
        foreach (var row in CsvRows.Read(text, delimiter, header.Length).Skip(1))
        {
            if (row.Cells is null)
            {
                Rejected.Add(new LinkProblem(LinkProblem.MalformedRow, row.Problem!, fileName, row.Line));
                continue;
            }
            var cells = row.Cells;
            string? Cell(int c) => cells[c].Length == 0 ? null : cells[c];
            Add(fileName, row.Line, Cell(id), source >= 0 ? Cell(source) : null, fileIndex,
                [.. columns.Select(cs => FieldColumns.Join([.. cs.Select(Cell)]))]);
        }
        return null;
    }

    private LinkProblem? ReadNdjson(string text, string fileName, int fileIndex)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<(long Line, Dictionary<string, string?> Values)>();
        long line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var trimmed = raw.Trim();
            if (trimmed.Length == 0)
                continue;
            try
            {
                using var document = JsonDocument.Parse(trimmed, new JsonDocumentOptions { MaxDepth = 8 });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new JsonException("A line must hold one JSON object.");
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                        JsonValueKind.Null => null,
                        _ => throw new JsonException($"Property '{property.Name}' is an object or array; give a string or a number."),
                    };
                    seen.Add(property.Name);
                }
                parsed.Add((line, values));
            }
            catch (JsonException e)
            {
                Rejected.Add(new LinkProblem(LinkProblem.MalformedRow, e.Message, fileName, line));
            }
        }
        if (parsed.Count > 0 && Mapping(seen.Contains, fileName) is { } problem)
            return problem;
        foreach (var (at, values) in parsed)
        {
            string? Value(string column) => values.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
            Add(fileName, at, Value(_schema.Settings.Input.IdColumn),
                _schema.Settings.Input.SourceColumn is { } s ? Value(s) : null, fileIndex,
                [.. _schema.FieldColumns.Select(cs => FieldColumns.Join([.. cs.Select(Value)]))]);
        }
        return null;
    }

    /// <summary>Every column the settings name must be in the file.</summary>
    private LinkProblem? Mapping(Func<string, bool> has, string fileName)
    {
        var input = _schema.Settings.Input;
        var wanted = _schema.FieldColumns.SelectMany(c => c).Append(input.IdColumn);
        if (input.SourceColumn is { } source)
            wanted = wanted.Append(source);
        var missing = wanted.Distinct(StringComparer.Ordinal).Where(c => !has(c)).ToList();
        return missing.Count == 0
            ? null
            : new LinkProblem(SettingsProblem.Codes.UnknownColumn,
                $"The settings map column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the file does not have: add each (empty where a row has no value), or give --settings that leave it out.", fileName);
    }

    private void Add(string fileName, long line, string? id, string? sourceName, int fileIndex, List<string?> values)
    {
        if (id is null)
        {
            Rejected.Add(new LinkProblem(LinkProblem.MissingId, $"The row has no value in id column '{_schema.Settings.Input.IdColumn}'.", fileName, line));
            return;
        }
        if (!_ids.Add(id))
        {
            Rejected.Add(new LinkProblem(LinkProblem.DuplicateId, $"Record id '{id}' was already read; ids must be unique across the input.", fileName, line));
            return;
        }
        // Without a source column each file is a source; with one, a row that leaves it empty is a source of its own file.
        var source = _schema.Settings.Input.SourceColumn is null ? fileIndex : -1 - fileIndex;
        if (sourceName is not null)
        {
            if (!_sources.TryGetValue(sourceName, out source))
                _sources[sourceName] = source = _sources.Count;
        }
        Records.Add(new InputRecord(id, source, values));
    }
}
