using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exchange.Hub.Export;

/// <summary>Writes one NDJSON file: a JSON object per line, UTF-8, under a temporary name until <see cref="CommitAsync"/> renames it.</summary>
internal sealed class NdjsonFileWriter : IAsyncDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _path;
    private readonly string _partial;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _writer;

    public NdjsonFileWriter(string path)
    {
        _path = path;
        _partial = path + ".part";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _stream = new FileStream(_partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        _writer = new Utf8JsonWriter(_stream, Options);
    }

    /// <summary>Lines written so far.</summary>
    public long Count { get; private set; }

    public async Task WriteAsync(JsonObject line, CancellationToken cancellationToken)
    {
        line.WriteTo(_writer);
        await _writer.FlushAsync(cancellationToken);
        _writer.Reset();
        _stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Flushes and gives the file its name; an empty file is removed instead (FHIR lists only files with content).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken);
        await DisposeAsync();
        if (Count == 0)
            File.Delete(_partial);
        else
            File.Move(_partial, _path, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
