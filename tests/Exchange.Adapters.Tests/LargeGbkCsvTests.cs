using System.Globalization;
using System.Text;
using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Pull;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

/// <summary>A generated GBK export large enough that it is read in many chunks and many decoder blocks.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LargeGbkCsvTests(PostgresFixture postgres)
{
    static LargeGbkCsvTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const int Rows = 50_000;
    private const string Header = "xh,xm,xbm,csrq,sfzjh,xxdm,syszdm,zyh,zymc,xlccm,rxrq,byrq,sjh";

    [Fact]
    public async Task A_50000_row_GBK_drop_file_accepts_every_good_row_and_names_every_bad_row_by_its_number()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        using var folder = new TempFolder("adapters-large-csv");
        var (bytes, expectedProblems) = Generate();
        await File.WriteAllBytesAsync(folder.Combine("graduates.csv"), bytes);
        await File.WriteAllTextAsync(folder.Combine("graduates.csv.done"), "");
        var adapter = new DropFolderAdapter(
            new DropFolderOptions { Name = "drop-large", Folder = folder.Path, SourceOrganisation = "12100000400000624D", Kind = RecordKind.Graduate },
            new CsvRecordReader(MappingProfileCatalog.Load()), harness.Pipeline, harness.Logger);

        var round = await adapter.RunOnceAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);

        Assert.Equal((Rows - expectedProblems.Count, expectedProblems.Count), (round.Accepted, round.Rejected));
        Assert.Equal(Rows - expectedProblems.Count, await harness.CountAsync(RecordKind.Graduate));
        var reported = (await File.ReadAllLinesAsync(Path.Combine(folder.Path, "processed", "graduates.errors.csv"), Encoding.UTF8))
            .Skip(1)
            .Select(l => l.Split(','))
            .GroupBy(f => int.Parse(f[0], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(f => f[3]).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(expectedProblems.Keys.Order(), reported.Keys.Order());
        Assert.All(expectedProblems, e => Assert.Contains(e.Value, reported[e.Key]));
    }

    // Every 997th row is bad in one of five ways; the last row leaves a quote open.
    private static (byte[] Bytes, Dictionary<int, string> Problems) Generate()
    {
        var text = new StringBuilder(Header).Append("\r\n");
        var problems = new Dictionary<int, string>();
        for (var i = 0; i < Rows; i++)
        {
            var row = i + 2;
            var birth = new DateOnly(2000, 1, 1).AddDays(i % 1800);
            var sequence = i / 1800 + 100;
            var first17 = string.Create(CultureInfo.InvariantCulture, $"410102{birth:yyyyMMdd}{sequence:D3}");
            var residentId = first17 + ResidentId.ComputeCheckCharacter(first17);
            var name = "张晓雯";
            var birthText = birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var extra = "";
            if (i == Rows - 1)
            {
                name = "\"王五";
                problems[row] = CsvProblemCodes.Malformed;
            }
            else if (i % 997 == 500)
            {
                switch (i / 997 % 5)
                {
                    case 0: name = "\"王五\"x"; problems[row] = CsvProblemCodes.Malformed; break;
                    case 1: name = "王\"五"; problems[row] = CsvProblemCodes.Malformed; break;
                    case 2: birthText = "20031345"; problems[row] = CsvProblemCodes.BadDate; break;
                    case 3: extra = ",多余"; problems[row] = CsvProblemCodes.ExtraFields; break;
                    default: residentId = first17 + (ResidentId.ComputeCheckCharacter(first17) == '0' ? '1' : '0'); problems[row] = "resident-id.check-character"; break;
                }
            }
            text.Append(CultureInfo.InvariantCulture,
                $"22{i:D8},{name},{(sequence % 2 == 1 ? 1 : 2)},{birthText},{residentId},4111010001,410102,120203K,会计学,21,20220901,20260630,138{i:D8}{extra}\r\n");
        }
        return (Encoding.GetEncoding("GBK").GetBytes(text.ToString()), problems);
    }
}
