using Exchange.Access.Agreements;

namespace Exchange.Access.Decisions;

/// <summary>
/// Whose subjects a caller may count in aggregate statistics, and on what basis: one grant per
/// agreement in force that names the caller, the purpose statistics and every category the report
/// needs. A provider's subjects are counted whole under a statutory duty, and only where they
/// consented under consent. No grant means nothing is counted.
/// </summary>
/// <param name="Grants">The agreements that allow counting, most permissive first.</param>
public sealed record StatisticsScope(IReadOnlyList<StatisticsGrant> Grants)
{
    /// <summary>True when no agreement lets the caller count anyone.</summary>
    public bool IsDenied => Grants.Count == 0;

    /// <summary>True when every provider's subjects are counted without consent.</summary>
    public bool CountsEveryProviderWhole => Grants.Any(g => g.Provider is null && g.Basis == LegalBasisType.StatutoryDuty);

    /// <summary>Providers (credit codes) whose subjects are counted whole.</summary>
    public IReadOnlyList<string> WholeProviders => [.. Grants.Where(g => g.Basis == LegalBasisType.StatutoryDuty && g.Provider is not null).Select(g => g.Provider!).Distinct(StringComparer.Ordinal)];

    /// <summary>True when some provider's consenting subjects are counted, whichever provider (an agreement naming none).</summary>
    public bool CountsAnyProviderWithConsent => Grants.Any(g => g.Provider is null && g.Basis == LegalBasisType.Consent);

    /// <summary>Providers whose consenting subjects are counted.</summary>
    public IReadOnlyList<string> ConsentProviders => [.. Grants.Where(g => g.Basis == LegalBasisType.Consent && g.Provider is not null).Select(g => g.Provider!).Distinct(StringComparer.Ordinal)];
}

/// <summary>One agreement that lets a caller count subjects.</summary>
/// <param name="Provider">Whose subjects: a credit code, or null for any provider's.</param>
/// <param name="Basis">Consent or a statutory duty.</param>
/// <param name="Agreement">The agreement.</param>
/// <param name="Version">The version in force.</param>
public sealed record StatisticsGrant(string? Provider, LegalBasisType Basis, Guid Agreement, int Version)
{
    /// <summary>The audit rule naming the basis applied.</summary>
    public string Rule => Basis == LegalBasisType.StatutoryDuty ? PolicyRules.StatisticsStatutoryDuty : PolicyRules.StatisticsConsent;
}
