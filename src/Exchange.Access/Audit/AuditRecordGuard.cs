using System.Text.RegularExpressions;

namespace Exchange.Access.Audit;

/// <summary>
/// Checks a record before it is hashed and stored. Every failure here is a caller bug (the access
/// layer must hand over pseudonymous handles only), so it throws rather than returning a result.
/// </summary>
public static partial class AuditRecordGuard
{
    /// <summary>Throws when the record is incomplete, malformed or carries something that looks like a resident id.</summary>
    /// <exception cref="ArgumentNullException">A field or list element is null.</exception>
    /// <exception cref="ArgumentException">A value looks like an 18-character resident id, holds a NUL or broken UTF-16, or the decision is not <c>permit</c>/<c>deny</c>.</exception>
    public static void Check(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        CheckText(record.CallerClientId, nameof(AuditRecord.CallerClientId));
        CheckText(record.CallerOrganisation, nameof(AuditRecord.CallerOrganisation));
        CheckText(record.Purpose, nameof(AuditRecord.Purpose));
        CheckText(record.SubjectHandle, nameof(AuditRecord.SubjectHandle));
        CheckText(record.Action, nameof(AuditRecord.Action));
        CheckText(record.Decision, nameof(AuditRecord.Decision));
        CheckText(record.Rule, nameof(AuditRecord.Rule));
        ArgumentNullException.ThrowIfNull(record.FieldsReleased, nameof(AuditRecord.FieldsReleased));
        foreach (var field in record.FieldsReleased)
        {
            CheckText(field, nameof(AuditRecord.FieldsReleased));
        }

        if (record.Decision is not ("permit" or "deny"))
        {
            throw new ArgumentException($"Decision must be 'permit' or 'deny', not '{record.Decision}'.", nameof(record));
        }
    }

    /// <summary>
    /// True when the value holds a standalone 18-character resident id: the GB 11643 shape with a
    /// plausible birth date (the check character is not required — a mistyped id is still an id).
    /// The date part lets an all-digit unified social credit code (e.g. 911100001000044477) pass.
    /// The database applies the same pattern.
    /// </summary>
    public static bool LooksLikeResidentId(string value) => ResidentId().IsMatch(value);

    private static void CheckText(string? value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);

        // The value itself is never put in the message: it is exactly what must not be logged.
        if (LooksLikeResidentId(value))
        {
            throw new ArgumentException(
                $"{name} looks like a resident id; the audit log takes pseudonymous handles only.", name);
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} contains a NUL character, which PostgreSQL text cannot hold.", name);
        }

        if (HasLoneSurrogate(value))
        {
            throw new ArgumentException($"{name} is not well-formed UTF-16.", name);
        }
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    // Embedded as well as whole ("/v1/graduates/11010119900307457X"), but not inside a longer run of
    // letters and digits, so hex handles and hashes that happen to hold 18 digits pass.
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{6}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ResidentId();
}
