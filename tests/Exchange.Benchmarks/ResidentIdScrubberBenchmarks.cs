using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Exchange.Core.Identifiers;
using Exchange.Core.Json;

namespace Exchange.Benchmarks;

/// <summary>
/// The resident id scrubber on what it meets most: a Chinese free-text comment with dates, a phone
/// number and a credit code but no id, and the first sample graduate record.
/// </summary>
[MemoryDiagnoser]
public class ResidentIdScrubberBenchmarks
{
    // About 300 characters, written the way counsellors write ledger notes.
    private const string Comment =
        "2026年3月12日电话回访：该生为低保家庭毕业生，已参加学校组织的就业政策宣讲会一次、职业指导两次，" +
        "目前意向岗位为财务会计类，期望工作地为郑州或北京，期望月薪5000元以上。已向其推荐三家用人单位：" +
        "河南某会计师事务所（统一社会信用代码911100001000044477）、某制造企业财务部、某商贸公司出纳岗位。" +
        "学生反馈第一家已进入二面，第二家因通勤距离较远暂不考虑。后续安排：4月初再次电话跟进，" +
        "如未落实则推荐参加4月18日校园双选会，并协助申请求职创业补贴。联系电话13800138000，" +
        "辅导员王老师，学号2201210345，备注：学生希望保留实习机会，家长表示支持，下周一前提交更新简历。";

    private byte[] _commentUtf8 = [];
    private byte[] _recordUtf8 = [];
    private JsonObject _record = null!;
    private string _residentId = "";

    [GlobalSetup]
    public void Setup()
    {
        if (ResidentIdScrubber.ContainsResidentId(Comment))
            throw new InvalidOperationException("The comment must hold no id.");
        _commentUtf8 = Encoding.UTF8.GetBytes(Comment);
        using var samples = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "graduate.valid.json")));
        _recordUtf8 = JsonSerializer.SerializeToUtf8Bytes(samples.RootElement[0]);
        _record = JsonNode.Parse(_recordUtf8)!.AsObject();
        _residentId = _record["residentId"]!.GetValue<string>();
        ResidentIdScrubber.ScrubInPlace(_record);
        if (ResidentIdScrubber.ScrubJson(_recordUtf8, RecordJson.MaxDepth) is null)
            throw new InvalidOperationException("The sample record must be valid JSON.");
    }

    [Benchmark]
    public string Scrub_comment_without_id() => ResidentIdScrubber.Scrub(Comment);

    [Benchmark]
    public bool Contains_in_utf8_comment_without_id() => ResidentIdScrubber.ContainsResidentId(_commentUtf8);

    /// <summary>A materialised record whose resident id is put back each time, then scrubbed.</summary>
    [Benchmark]
    public JsonObject ScrubInPlace_graduate_record()
    {
        _record["residentId"] = _residentId;
        ResidentIdScrubber.ScrubInPlace(_record);
        return _record;
    }

    /// <summary>Bytes in, bytes out: parse, scrub, write.</summary>
    [Benchmark]
    public byte[]? ScrubJson_graduate_record() => ResidentIdScrubber.ScrubJson(_recordUtf8, RecordJson.MaxDepth);
}
