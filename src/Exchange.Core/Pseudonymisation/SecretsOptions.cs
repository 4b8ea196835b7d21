namespace Exchange.Core.Pseudonymisation;

/// <summary>
/// The hub's secrets as configured (<c>Exchange:Secrets</c>), base64. Required whenever the hub
/// runs on an external PostgreSQL: instances that share a database must derive the same linkage
/// keys and handles, and a generated secret would silently break linkage between them. Only the
/// embedded demo generates them.
/// </summary>
public sealed class SecretsOptions
{
    /// <summary>The key of the linkage-key HMAC: at least 32 bytes, base64.</summary>
    public string? Pseudonymisation { get; set; }

    /// <summary>The key of the candidate-handle HMAC: at least 32 bytes, base64.</summary>
    public string? Handles { get; set; }

    /// <summary>Every problem with the configured secrets; <paramref name="required"/> when no embedded server may keep generated ones.</summary>
    public IEnumerable<string> Problems(bool required)
    {
        foreach (var (name, value) in new[] { (nameof(Pseudonymisation), Pseudonymisation), (nameof(Handles), Handles) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                    yield return $"{DeploymentSecrets.Section}:{name} is required with an external database (ConnectionStrings:Exchange): every instance must share it. Make one with `openssl rand -base64 32`.";
                continue;
            }
            if (DeploymentSecrets.Decode(value) is not { Length: >= DeploymentSecrets.KeyBytes })
                yield return $"{DeploymentSecrets.Section}:{name} must be base64 of at least {DeploymentSecrets.KeyBytes} bytes.";
        }
    }
}
