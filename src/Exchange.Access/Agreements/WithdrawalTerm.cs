using Exchange.Core.Validation;

namespace Exchange.Access.Agreements;

/// <summary>
/// What an agreement says happens to the sensitive data it shares when the subject withdraws
/// consent. Retaining is the default: withdrawal does not undo processing that was lawful before
/// it (PIPL art. 15); erasing is a promise the provider and grantee may make on top of that.
/// </summary>
public enum WithdrawalTerm
{
    /// <summary>The index keeps what it holds; the withdrawn consent only stops further release.</summary>
    Retain,
    /// <summary>The merged index purges the subject's sensitive fields (docs/merged-index.md, "Erase on withdrawal").</summary>
    Erase,
}

/// <summary>Names of withdrawal terms, as the API and the <c>agreement</c> table write them.</summary>
public static class WithdrawalTerms
{
    /// <summary>The problem code of an <c>onWithdrawal</c> the hub does not know; docs/access.md lists it.</summary>
    public const string UnknownProblemCode = "agreement.unknown-on-withdrawal";

    /// <summary>The lower-case code, e.g. <c>erase</c>.</summary>
    public static string Name(this WithdrawalTerm term) => term switch
    {
        WithdrawalTerm.Retain => "retain",
        WithdrawalTerm.Erase => "erase",
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, null),
    };

    /// <summary>Parses a term's code; absent means the default, retain.</summary>
    public static bool TryParse(string? name, out WithdrawalTerm term)
    {
        term = WithdrawalTerm.Retain;
        if (name is null)
            return true;
        foreach (var candidate in Enum.GetValues<WithdrawalTerm>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                term = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The problem for an <c>onWithdrawal</c> value that is neither <c>retain</c> nor <c>erase</c>.</summary>
    public static Problem UnknownProblem(string name) => new(
        "/onWithdrawal",
        UnknownProblemCode,
        $"onWithdrawal '{name}' is not a withdrawal term: use \"retain\" (the default) or \"erase\".",
        $"撤回处理方式“{name}”无效：请使用 \"retain\"（保留，默认）或 \"erase\"（删除）。");
}
