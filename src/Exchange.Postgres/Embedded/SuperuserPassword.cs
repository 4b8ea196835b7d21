using System.Security.Cryptography;

namespace Exchange.Postgres.Embedded;

/// <summary>The generated superuser password, kept in a file only the hub's account may read.</summary>
internal static class SuperuserPassword
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var password = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        if (password.Length == 0)
        {
            throw new EmbeddedPostgresException($"The superuser password file '{path}' is empty.");
        }

        return password;
    }

    public static async Task<string> CreateAsync(string path, CancellationToken cancellationToken)
    {
        // Hex keeps the password free of characters that need escaping anywhere it travels.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await WriteOwnerOnlyAsync(path, password, cancellationToken);
        return password;
    }

    /// <summary>Writes a file that is never, even for an instant, readable by anyone but its owner.</summary>
    public static async Task WriteOwnerOnlyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content.AsMemory(), cancellationToken);
    }
}
