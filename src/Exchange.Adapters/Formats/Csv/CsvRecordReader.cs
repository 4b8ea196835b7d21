using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Reads a CSV export (RFC 4180; UTF-8, GBK or GB18030) into canonical records, one per row,
/// through a <see cref="MappingProfile"/> that knows the source's headers — English, Chinese or
/// pinyin codes. Problems are reported per row and column; the reader never throws on bad input.
/// Files are streamed (<see cref="Open"/>); a body already in memory is read through the same path.
/// </summary>
public sealed class CsvRecordReader(MappingProfileCatalog profiles)
{
    /// <summary>Opens a seekable stream (a file, or a body in memory) for reading row by row; the caller disposes both.</summary>
    public CsvRowStream Open(Stream stream, CsvReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        return CsvRowStream.Open(stream, options, headers => ChooseProfile(headers, options));
    }

    /// <summary>Reads a whole body held in memory, every row at once.</summary>
    public CsvReadResult Read(ReadOnlySpan<byte> bytes, CsvReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (bytes.Length > options.MaxBytes)
            return new CsvReadResult { FileProblem = CsvProblems.TooLarge(bytes.Length, options.MaxBytes) };

        using var memory = new MemoryStream(bytes.ToArray(), writable: false);
        using var rows = Open(memory, options);
        return new CsvReadResult
        {
            Encoding = rows.Encoding,
            Profile = rows.Profile,
            FileProblem = rows.FileProblem,
            HeaderProblems = rows.HeaderProblems,
            Rows = [.. rows.ReadRows()],
            ColumnsByPointer = rows.ColumnsByPointer,
        };
    }

    private (MappingProfile? Profile, Problem? Problem) ChooseProfile(string[] headers, CsvReadOptions options)
    {
        var kind = options.Kind.Name();
        if (options.Profile is not null)
        {
            var named = profiles.Find(options.Profile);
            return named is null || !string.Equals(named.Kind, kind, StringComparison.Ordinal)
                ? (null, CsvProblems.UnknownProfile(options.Profile))
                : (named, null);
        }

        var best = profiles.ForKind(kind)
            .Select(p => (Profile: p, Matches: headers.Count(h => CsvRowMapper.FindColumn(p, h) is not null)))
            .Where(c => c.Matches > 0)
            .OrderByDescending(c => c.Matches)
            .Select(c => c.Profile)
            .FirstOrDefault();
        return best is null ? (null, CsvProblems.NoProfile(kind)) : (best, null);
    }
}
