using Exchange.Access.Clients;

namespace Exchange.Access.Agreements;

/// <summary>Who receives data: one organisation, or every organisation of a role. Exactly one is set.</summary>
/// <param name="Organisation">The organisation's unified social credit code.</param>
/// <param name="Role">The role.</param>
public sealed record Grantee(string? Organisation, PartyRole? Role)
{
    /// <summary>A grantee that is one organisation.</summary>
    public static Grantee OfOrganisation(string organisation) => new(organisation, null);

    /// <summary>A grantee that is every organisation of a role.</summary>
    public static Grantee OfRole(PartyRole role) => new(null, role);

    /// <summary>True when the caller is, or belongs to, this grantee.</summary>
    public bool Covers(ClientIdentity caller) =>
        Organisation is not null ? string.Equals(Organisation, caller.Organisation, StringComparison.Ordinal) : Role == caller.Role;
}
