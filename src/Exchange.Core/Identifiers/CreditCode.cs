namespace Exchange.Core.Identifiers;

/// <summary>
/// The unified social credit code of GB 32100: 18 characters from a 31-character alphabet
/// (digits and capitals without I, O, S, V, Z), the last a check character over the first 17.
/// </summary>
public static class CreditCode
{
    /// <summary>The shape of a code (18 characters of the GB 32100 alphabet), as the published schemas state it; the check character is checked by <see cref="IsValid"/>.</summary>
    public const string Pattern = @"^[0-9A-HJ-NPQRTUWXY]{18}$";

    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] s_weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>True when the code has 18 characters from the alphabet and a correct check character.</summary>
    public static bool IsValid(string code) =>
        code.Length == 18 && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) && ComputeCheckCharacter(code.AsSpan(0, 17)) == code[17];

    /// <summary>The check character for the first 17 characters.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * s_weights[i];
        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}
