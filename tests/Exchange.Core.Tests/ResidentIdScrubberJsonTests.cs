using System.Text;
using System.Text.Json.Nodes;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Tests;

/// <summary>Scrubbing JSON: string values, numbers, property names, at any depth.</summary>
public sealed class ResidentIdScrubberJsonTests
{
    private const string M = ResidentIdScrubber.Marker;
    private const int MaxDepth = 64;

    [Theory]
    [InlineData("""{"residentId":"410102200304120222"}""", """{"residentId":"[resident-id]"}""")]
    [InlineData("""{"comment":"学生身份证410102200304120222已核验，联系13800138000"}""", """{"comment":"学生身份证[resident-id]已核验，联系13800138000"}""")]
    [InlineData("""{"a":{"b":{"c":["x","备注：11010519491231002x"]}}}""", """{"a":{"b":{"c":["x","备注：[resident-id]"]}}}""")]
    [InlineData("""["410102200304120222",["110105491231002"],{"k":"ok"}]""", """["[resident-id]",["[resident-id]"],{"k":"ok"}]""")]
    [InlineData("""{"full":"４１０１０２２００３０４１２０２２２"}""", """{"full":"[resident-id]"}""")]
    [InlineData("\"410102200304120222\"", "\"[resident-id]\"")]
    public void Scrubs_ids_in_string_values_and_keeps_the_text(string json, string expected)
    {
        Assert.Equal(expected, ScrubJson(json));
    }

    [Fact]
    public void Scrubs_id_written_with_json_escapes()
    {
        var escaped = string.Concat("410102200304120222".Select(c => "\\u003" + c));
        Assert.Equal("""{"a":"ID [resident-id]"}""", ScrubJson("{\"a\":\"ID " + escaped + "\"}"));
    }

    [Theory]
    [InlineData("410102200304120222")]
    [InlineData("110105491231002")]
    [InlineData("-410102200304120222")]
    [InlineData("4.10102200304120222E17")]
    [InlineData("4.10102200304120222e+17")]
    [InlineData("0.410102200304120222E18")]
    [InlineData("410102200304120222.0")]
    [InlineData("410102200304120222.000E0")]
    [InlineData("4101022003041202220E-1")]
    [InlineData("41010220030412022.2E1")]
    [InlineData("4.1010220030412E17")] // trailing zeros implied by the exponent: 410102200304120000
    [InlineData("1.10105491231002E14")]
    [InlineData("410102200304120222.5")] // not integral, but its digits spell an id
    public void Replaces_number_whose_value_or_digits_are_an_id_by_the_marker_string(string number)
    {
        Assert.Equal("""{"n":"[resident-id]","m":["[resident-id]"]}""", ScrubJson($$"""{"n":{{number}},"m":[{{number}}]}"""));
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("911100001000044477")] // all-digit credit code
    [InlineData("13800138000")]
    [InlineData("4101022003041202.5")] // sixteen integral digits
    [InlineData("4.10102200304120222E18")] // nineteen digits
    [InlineData("4.10102200304120222E16")] // not integral
    [InlineData("1E1000000000")]
    [InlineData("1E-1000000000")]
    [InlineData("-0.0")]
    [InlineData("12345678901234567890")]
    public void Leaves_other_numbers_alone(string number)
    {
        var json = $$"""{"n":{{number}}}""";
        Assert.Equal(json, ScrubJson(json));
    }

    [Fact]
    public void Scrubs_numbers_built_from_clr_values()
    {
        var node = new JsonObject { ["long"] = 410102200304120222L, ["double"] = 4.10102200304120222E17, ["decimal"] = 410102200304120222.0m, ["small"] = 42 };
        ResidentIdScrubber.ScrubInPlace(node);
        Assert.Equal("""{"long":"[resident-id]","double":"[resident-id]","decimal":"[resident-id]","small":42}""", node.ToJsonString());
    }

    [Fact]
    public void Renames_property_whose_name_holds_an_id_at_any_depth()
    {
        var json = """{"a":[{"b":{"410102200304120222":{"备注110105491231002":1}}}],"c":2}""";
        Assert.Equal("""{"a":[{"b":{"[resident-id]":{"备注[resident-id]":1}}}],"c":2}""", ScrubJson(json));
    }

    [Fact]
    public void Renamed_property_that_collides_gets_a_numbered_suffix_and_keeps_its_place()
    {
        var json = """{"[resident-id]":1,"410102200304120222":2,"x":3,"510104200211030371":4,"[resident-id]#3":5}""";
        Assert.Equal("""{"[resident-id]":1,"[resident-id]#2":2,"x":3,"[resident-id]#4":4,"[resident-id]#3":5}""", ScrubJson(json));
    }

    [Fact]
    public void Renamed_property_keeps_its_value_scrubbed()
    {
        Assert.Equal("""{"[resident-id]":{"id":"[resident-id]"}}""", ScrubJson("""{"410102200304120222":{"id":"510104200211030371"}}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"a":1,}""")]
    [InlineData("{'a':1}")]
    [InlineData("{} {}")]
    [InlineData("""{"a":1,"a":2}""")] // duplicate property: no single meaning to forward
    [InlineData("""{"a":"\ud800"}""")] // lone surrogate
    [InlineData("""{"\udc00":1}""")]
    public void Returns_null_for_bytes_that_are_not_valid_json(string text)
    {
        Assert.Null(ResidentIdScrubber.ScrubJson(Encoding.UTF8.GetBytes(text), MaxDepth));
    }

    [Fact]
    public void Returns_null_for_invalid_utf8()
    {
        byte[] bytes = [(byte)'"', 0xC3, 0x28, (byte)'"'];
        Assert.Null(ResidentIdScrubber.ScrubJson(bytes, MaxDepth));
    }

    [Fact]
    public void Returns_null_for_json_deeper_than_the_cap()
    {
        var json = new string('[', 11) + "\"410102200304120222\"" + new string(']', 11);
        Assert.Null(ResidentIdScrubber.ScrubJson(Encoding.UTF8.GetBytes(json), 10));
        var atCap = new string('[', 10) + "\"410102200304120222\"" + new string(']', 10);
        Assert.Equal(new string('[', 10) + "\"[resident-id]\"" + new string(']', 10), Encoding.UTF8.GetString(ResidentIdScrubber.ScrubJson(Encoding.UTF8.GetBytes(atCap), 10)!));
    }

    [Fact]
    public void Keeps_chinese_readable_in_the_output()
    {
        Assert.Equal("""{"name":"张晓雯","note":"无障碍通道"}""", ScrubJson("""{"name":"张晓雯","note":"无障碍通道"}"""));
    }

    [Fact]
    public void Scrubs_a_very_deep_tree_without_overflowing_the_stack()
    {
        const int depth = 100_000;
        // Built from the bottom up: adding a child checks the parent's ancestors, so top-down is quadratic.
        JsonNode node = new JsonArray(JsonValue.Create(410102200304120222L));
        for (var i = depth - 1; i >= 0; i--)
        {
            var parent = new JsonArray();
            if (i % 1000 == 0)
                parent.Add(new JsonObject { ["410102200304120222"] = "410102200304120222" });
            parent.Add(node);
            node = parent;
        }
        var root = node.AsArray();

        ResidentIdScrubber.ScrubInPlace(root);

        var current = root;
        for (var i = 0; i < depth; i++)
        {
            if (i % 1000 == 0)
            {
                Assert.Equal(M, current[0]![M]!.GetValue<string>());
                current = current[1]!.AsArray();
            }
            else
            {
                current = current[0]!.AsArray();
            }
        }
        Assert.Equal(M, current[0]!.GetValue<string>());
    }

    [Fact]
    public void Replaces_a_value_node_in_its_parent()
    {
        var obj = new JsonObject { ["a"] = "410102200304120222" };
        ResidentIdScrubber.ScrubInPlace(obj["a"]);
        Assert.Equal(M, obj["a"]!.GetValue<string>());
    }

    [Fact]
    public void Refuses_a_parentless_value_node_holding_an_id_it_cannot_change()
    {
        Assert.Throws<ArgumentException>(() => ResidentIdScrubber.ScrubInPlace(JsonValue.Create("410102200304120222")));
        ResidentIdScrubber.ScrubInPlace(JsonValue.Create("clean"));
        ResidentIdScrubber.ScrubInPlace(null);
    }

    [Fact]
    public void ScrubInPlace_throws_rather_than_skip_an_object_that_names_a_property_twice()
    {
        var node = JsonNode.Parse("""{"a":"410102200304120222","a":"510104200211030371"}""");
        Assert.Throws<ArgumentException>(() => ResidentIdScrubber.ScrubInPlace(node));
    }

    [Fact]
    public void Scrubs_the_resident_ids_of_the_sample_graduates_and_nothing_else()
    {
        var bytes = File.ReadAllBytes(Repository.PathOf("samples", "graduate.valid.json"));
        var expected = JsonNode.Parse(bytes)!.AsArray();
        foreach (var graduate in expected)
            graduate!["residentId"] = M;

        var scrubbed = JsonNode.Parse(ResidentIdScrubber.ScrubJson(bytes, MaxDepth)!);

        Assert.True(JsonNode.DeepEquals(expected, scrubbed), scrubbed!.ToJsonString());
    }

    private static string? ScrubJson(string json)
    {
        var scrubbed = ResidentIdScrubber.ScrubJson(Encoding.UTF8.GetBytes(json), MaxDepth);
        return scrubbed is null ? null : Encoding.UTF8.GetString(scrubbed);
    }
}
