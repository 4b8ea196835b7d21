using System.Globalization;

namespace Exchange.Hub.Tests.Security;

/// <summary>Well-formed GB 11643 resident ids (check character included) for made-up subjects.</summary>
public static class ResidentIds
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>The <paramref name="sequence"/>-th (0 to 999) id of someone born in Zhengzhou on 2003-04-12.</summary>
    public static string Make(int sequence)
    {
        var body = "41010220030412" + sequence.ToString("D3", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (body[i] - '0') * Weights[i];
        return body + "10X98765432"[sum % 11];
    }
}
