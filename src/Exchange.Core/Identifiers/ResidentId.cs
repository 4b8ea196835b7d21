using System.Globalization;

namespace Exchange.Core.Identifiers;

/// <summary>
/// The resident identity number of GB 11643: six-digit region (GB/T 2260), eight-digit birth
/// date, three-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
/// character. Legacy 15-digit numbers have a two-digit year and no check character.
/// </summary>
public readonly record struct ResidentId
{
    /// <summary>The shape of an id (17 digits and a digit or X, or a legacy 15 digits), as the published schemas state it; the check character and birth date are checked by <see cref="Parse"/>.</summary>
    public const string Pattern = @"^([0-9]{17}[0-9Xx]|[0-9]{15})$";

    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentId(string normalised, string region, DateOnly birthDate, int sequence)
    {
        Normalised = normalised;
        Region = region;
        BirthDate = birthDate;
        Sequence = sequence;
    }

    /// <summary>The 18-character form, upper-case X; a legacy id is upgraded to it.</summary>
    public string Normalised { get; }

    /// <summary>The region code embedded in the id (where it was first issued).</summary>
    public string Region { get; }

    /// <summary>The birth date embedded in the id.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>The sequence number; odd for men, even for women.</summary>
    public int Sequence { get; }

    /// <summary>The GB/T 2261.1 sex code the sequence implies: 1 male, 2 female.</summary>
    public string SexCode => Sequence % 2 == 1 ? "1" : "2";

    /// <summary>Trims and upper-cases an id as typed.</summary>
    public static string Normalise(string raw) => raw.Trim().ToUpperInvariant();

    /// <summary>Parses an 18-character or legacy 15-digit id; the outcome says what is wrong, if anything.</summary>
    public static ResidentIdParse Parse(string raw)
    {
        var id = Normalise(raw);
        if (id.Length == 15)
        {
            if (!id.All(char.IsAsciiDigit))
                return new(ResidentIdError.Format, null);
            var upgraded = string.Concat(id.AsSpan(0, 6), "19", id.AsSpan(6));
            return Parse18(upgraded + ComputeCheckCharacter(upgraded));
        }
        if (id.Length != 18 || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
            return new(ResidentIdError.Format, null);
        if (ComputeCheckCharacter(id.AsSpan(0, 17)) != id[17])
            return new(ResidentIdError.CheckCharacter, null);
        return Parse18(id);
    }

    private static ResidentIdParse Parse18(string id)
    {
        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
            return new(ResidentIdError.BirthDate, null);
        var sequence = int.Parse(id.AsSpan(14, 3), CultureInfo.InvariantCulture);
        return new(ResidentIdError.None, new ResidentId(id, id[..6], birth, sequence));
    }

    /// <summary>The ISO 7064 MOD 11-2 check character of the first 17 digits.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (first17[i] - '0') * s_weights[i];
        return CheckCharacters[sum % 11];
    }
}

/// <summary>What is wrong with a resident id, if anything.</summary>
public enum ResidentIdError
{
    /// <summary>Nothing.</summary>
    None,
    /// <summary>Not 18 characters (17 digits and a digit or X) nor 15 digits.</summary>
    Format,
    /// <summary>The check character does not match.</summary>
    CheckCharacter,
    /// <summary>The embedded birth date is not a calendar date.</summary>
    BirthDate,
}

/// <summary>The outcome of parsing a resident id.</summary>
public readonly record struct ResidentIdParse(ResidentIdError Error, ResidentId? Id);
