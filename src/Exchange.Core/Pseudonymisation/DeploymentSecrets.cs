using System.Security.Cryptography;

namespace Exchange.Core.Pseudonymisation;

/// <summary>
/// The deployment's keys: the pseudonymisation secret (linkage keys) and the handle secret (candidate
/// handles). Taken from configuration (base64) when set — as a deployment past one machine must,
/// so every hub instance derives the same keys — else generated once into the embedded data folder
/// and reused, readable only by the hub's user.
/// </summary>
public sealed class DeploymentSecrets
{
    public const string Section = "Exchange:Secrets";
    public const int KeyBytes = 32;

    private DeploymentSecrets(byte[] pseudonymisation, byte[] handles)
    {
        Pseudonymisation = pseudonymisation;
        Handles = handles;
    }

    /// <summary>The key of the linkage-key HMAC.</summary>
    public byte[] Pseudonymisation { get; }

    /// <summary>The key of the candidate-handle HMAC.</summary>
    public byte[] Handles { get; }

    /// <summary>The configured secrets; for any not configured, the one generated into <paramref name="folder"/> (the embedded demo only: start-up validation refuses a missing secret otherwise).</summary>
    public static DeploymentSecrets Load(SecretsOptions options, string folder) => new(
        Read(options.Pseudonymisation, "Pseudonymisation", folder),
        Read(options.Handles, "Handles", folder));

    /// <summary>The bytes of a base64 secret; null when it is not base64.</summary>
    public static byte[]? Decode(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[] Read(string? configured, string name, string folder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Decode(configured) is { Length: >= KeyBytes } key
                ? key
                : throw new InvalidOperationException($"{Section}:{name} must be base64 of at least {KeyBytes} bytes.");

        var path = Path.Combine(folder, $"{name.ToLowerInvariant()}.key");
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());

        Directory.CreateDirectory(folder);
        var generated = RandomNumberGenerator.GetBytes(KeyBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(Convert.ToBase64String(generated));
        }
        return generated;
    }
}
