using Exchange.Core.Validation;
using Sylvan.Data.Csv;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// An open CSV file: what its header said (encoding, profile, header problems, or the problem
/// that makes the file unreadable), and its data rows read one at a time as canonical records,
/// so a file of any size is read in the memory of one buffer and one row.
/// </summary>
public sealed class CsvRowStream : IDisposable
{
    // Longer than any honest record; a record this long is an unclosed quote swallowing the file.
    private const int MaxRecordChars = 4 * 1024 * 1024;

    private readonly Stream? _stream;
    private readonly TextReader? _text;
    private readonly CsvDataReader? _csv;
    private readonly CsvRowMapper? _mapper;
    private bool _rowsTaken;

    private CsvRowStream(Problem fileProblem, string? encoding)
    {
        FileProblem = fileProblem;
        Encoding = encoding;
    }

    private CsvRowStream(Stream stream, TextReader text, CsvDataReader csv, string encoding, string profile, CsvRowMapper mapper)
    {
        _stream = stream;
        _text = text;
        _csv = csv;
        _mapper = mapper;
        Encoding = encoding;
        Profile = profile;
    }

    /// <summary>The encoding the file is read with, e.g. <c>utf-8</c> or <c>gb18030</c>; null when unreadable.</summary>
    public string? Encoding { get; }

    /// <summary>The profile that maps the headers; null when none could.</summary>
    public string? Profile { get; }

    /// <summary>A problem that makes the whole file unreadable (encoding, size, no header, no profile); null otherwise.</summary>
    public Problem? FileProblem { get; }

    /// <summary>Problems with the header row (unknown or repeated headers): reported, the rows are still read.</summary>
    public IReadOnlyList<RowProblem> HeaderProblems => _mapper?.HeaderProblems ?? [];

    /// <summary>Header of the column that fills each canonical JSON pointer, to name the column of a validation problem.</summary>
    public IReadOnlyDictionary<string, string> ColumnsByPointer => _mapper?.ColumnsByPointer ?? new Dictionary<string, string>();

    /// <summary>The column a problem's pointer falls in, if a column fills that field.</summary>
    public string? ColumnFor(string pointer) => CsvColumns.For(ColumnsByPointer, pointer);

    /// <summary>How far through the file's bytes the rows have been read, from 0 to 1.</summary>
    public double Progress => _stream is { Length: > 0 } s ? Math.Min(1, (double)s.Position / s.Length) : 1;

    /// <summary>The data rows, in file order; read once, while the stream is open.</summary>
    public IEnumerable<CsvRow> ReadRows()
    {
        if (_csv is null || _mapper is null)
            yield break;
        if (_rowsTaken)
            throw new InvalidOperationException("The rows of a CSV stream are read once.");
        _rowsTaken = true;

        var fields = new List<string>();
        while (true)
        {
            string? tooLong = null;
            var lastRow = _csv.RowNumber;
            try
            {
                if (!_csv.Read())
                    yield break;
            }
            catch (CsvFormatException)
            {
                // The library cannot go on after a record longer than its buffer: that row is the last.
                tooLong = CsvRecordSyntax.Unclosed;
            }
            if (tooLong is not null)
            {
                yield return _mapper.Map(lastRow + 1, [], tooLong);
                yield break;
            }

            if (IsBlank(_csv))
                continue;
            fields.Clear();
            for (var i = 0; i < _csv.RowFieldCount; i++)
                fields.Add(_csv.GetString(i));
            yield return _mapper.Map(_csv.RowNumber, fields, CsvRecordSyntax.FirstError(_csv.GetRawRecordSpan()));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _csv?.Dispose();
        _text?.Dispose();
    }

    internal static CsvRowStream Unreadable(Problem problem, string? encoding = null) => new(problem, encoding);

    /// <summary>Opens the rows of a seekable stream; the caller keeps the stream and disposes it after this.</summary>
    internal static CsvRowStream Open(Stream stream, CsvReadOptions options, Func<string[], (MappingProfile? Profile, Problem? Problem)> chooseProfile)
    {
        if (stream.Length > options.MaxBytes)
            return Unreadable(CsvProblems.TooLarge(stream.Length, options.MaxBytes));

        var (choice, error) = CsvEncoding.Detect(stream, options.Charset);
        if (choice is null)
            return Unreadable(CsvProblems.Encoding(error!));

        var text = choice.OpenReader(stream);
        var csv = CsvDataReader.Create(text, new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = ',',
            Quote = '"',
            Escape = '"',
            CsvStyle = CsvStyle.Lax,
            MaxBufferSize = MaxRecordChars,
        });
        try
        {
            int headerRow;
            try
            {
                do
                {
                    if (!csv.Read())
                        return Dispose(Unreadable(CsvProblems.Empty(), choice.Name));
                }
                while (IsBlank(csv));
                headerRow = csv.RowNumber;
            }
            catch (CsvFormatException)
            {
                return Dispose(Unreadable(CsvProblems.Empty(), choice.Name));
            }

            var headers = new string[csv.RowFieldCount];
            for (var i = 0; i < headers.Length; i++)
                headers[i] = csv.GetString(i).Trim().TrimStart('\uFEFF');
            var (profile, problem) = chooseProfile(headers);
            if (profile is null)
                return Dispose(Unreadable(problem!, choice.Name));
            return new CsvRowStream(stream, text, csv, choice.Name, profile.Name, new CsvRowMapper(profile, options, headers, headerRow));
        }
        catch
        {
            csv.Dispose();
            text.Dispose();
            throw;
        }

        CsvRowStream Dispose(CsvRowStream unreadable)
        {
            csv.Dispose();
            text.Dispose();
            return unreadable;
        }
    }

    // A blank line is no record (RFC 4180 has none), but it still counts in the row numbers.
    private static bool IsBlank(CsvDataReader csv) =>
        csv.RowFieldCount == 1 && csv.GetFieldSpan(0).IsEmpty && CsvRecordSyntax.FirstError(csv.GetRawRecordSpan()) is null;
}
