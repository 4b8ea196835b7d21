using System.Security.Cryptography;

namespace Exchange.Hub.Secrets;

/// <summary>
/// The hub's keys: the pseudonymisation secret (linkage keys) and the handle secret (candidate
/// handles). Taken from configuration (base64) when set — as a deployment past one machine must,
/// so every hub instance derives the same keys — else generated once into the embedded data folder
/// and reused, readable only by the hub's user.
/// </summary>
public sealed class HubSecrets
{
    public const string Section = "Exchange:Secrets";
    private const int KeyBytes = 32;

    private HubSecrets(byte[] pseudonymisation, byte[] handles)
    {
        Pseudonymisation = pseudonymisation;
        Handles = handles;
    }

    /// <summary>The key of the linkage-key HMAC.</summary>
    public byte[] Pseudonymisation { get; }

    /// <summary>The key of the candidate-handle HMAC.</summary>
    public byte[] Handles { get; }

    public static HubSecrets Load(IConfiguration configuration, string folder) => new(
        Read(configuration, "Pseudonymisation", folder),
        Read(configuration, "Handles", folder));

    private static byte[] Read(IConfiguration configuration, string name, string folder)
    {
        if (configuration[$"{Section}:{name}"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            if (key.Length < KeyBytes)
                throw new InvalidOperationException($"{Section}:{name} must be at least {KeyBytes} bytes (base64).");
            return key;
        }

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
