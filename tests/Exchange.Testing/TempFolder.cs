namespace Exchange.Testing;

/// <summary>
/// A fresh folder under /tmp, removed on dispose. Under /tmp rather than $TMPDIR because a hub
/// running as root runs PostgreSQL as the postgres user, which must be able to reach the folder.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "exchange-index-tests")
    {
        var root = OperatingSystem.IsWindows() ? System.IO.Path.GetTempPath() : "/tmp";
        Path = System.IO.Path.Combine(root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder under /tmp must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: a non-root run cannot always delete files the server created.
        }
    }
}
