namespace Exchange.Access.Tokens;

/// <summary>
/// Which bearer tokens the hub accepts: bound from configuration section <c>Exchange:Tokens</c>.
/// Check it with <see cref="Validate"/> at start-up; a validator refuses options that fail it.
/// </summary>
public sealed class TokenValidationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Exchange:Tokens";

    /// <summary>The largest clock skew that may be configured.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>The issuers whose tokens are accepted; none means no token is accepted.</summary>
    public List<TrustedIssuerOptions> Issuers { get; init; } = [];

    /// <summary>Tolerance for <c>exp</c> and <c>nbf</c>; default 30 s, at most 60 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longer tokens are refused before they are parsed; default 8 KiB.</summary>
    public int MaxTokenBytes { get; set; } = 8 * 1024;

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
            problems.Add($"{SectionName}:ClockSkew must be between 0 and {MaxClockSkew.TotalSeconds:0} seconds.");
        if (MaxTokenBytes < 256)
            problems.Add($"{SectionName}:MaxTokenBytes must be at least 256.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Issuers.Count; i++)
        {
            var issuer = Issuers[i];
            if (issuer is null)
            {
                problems.Add($"{SectionName}:Issuers:{i} is empty.");
                continue;
            }
            if (!string.IsNullOrEmpty(issuer.Issuer) && !seen.Add(issuer.Issuer))
                problems.Add($"{SectionName}:Issuers:{i}: issuer '{issuer.Issuer}' is configured twice.");
            problems.AddRange(issuer.Validate($"{SectionName}:Issuers:{i}"));
        }
        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="InvalidOperationException">The options are not usable.</exception>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
            throw new InvalidOperationException("Invalid token options: " + string.Join(" ", problems));
    }
}
