namespace Exchange.Access.Agreements;

/// <summary>
/// How stores tell policy caches that agreements or consents changed. Inside one process the
/// stores raise <see cref="IPolicyChangeSource.Changed"/> after commit; across processes every
/// write also sends a PostgreSQL NOTIFY on <see cref="Channel"/> in its own transaction, so the
/// notification is delivered if and only if the change commits.
/// </summary>
public static class PolicyChanges
{
    /// <summary>The LISTEN/NOTIFY channel.</summary>
    public const string Channel = "access_policy_changed";

    /// <summary>The statement a write runs inside its transaction; the payload names the table.</summary>
    internal const string NotifySql = "select pg_notify('access_policy_changed', @Payload)";
}

/// <summary>A store whose writes change what the policy decides.</summary>
public interface IPolicyChangeSource
{
    /// <summary>Raised after a write commits.</summary>
    event EventHandler? Changed;
}
