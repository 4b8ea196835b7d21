using System.Text;

namespace Exchange.Core.Tests;

/// <summary>Small JSON records with Chinese text, and GBK bytes of them, for the tests of cutting batches in another charset.</summary>
internal static class GbkBatches
{
    public static Encoding Gbk
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GBK");
        }
    }

    public static string Graduate(int index) =>
        $$"""{"recordId":"N{{index:D4}}","name":"张晓雯","institutionName":"北京大学"}""";

    /// <summary>Record <paramref name="index"/> in GBK, its id ending in a lead byte followed by a quote, which no GBK or GB18030 character is.</summary>
    public static byte[] Undecodable(int index)
    {
        var line = Gbk.GetBytes(Graduate(index));
        line[Array.IndexOf(line, (byte)'N') + 4] = 0x81;
        return line;
    }
}
