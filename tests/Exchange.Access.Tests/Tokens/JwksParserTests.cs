using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Exchange.Access.Tokens;

namespace Exchange.Access.Tests.Tokens;

/// <summary>Keys a JWKS may hold and the hub cannot use are left out, and the log says which and why.</summary>
public sealed class JwksParserTests
{
    [Fact]
    public void RSA_key_under_2048_bits_is_left_out_with_a_reason_naming_its_kid_and_size()
    {
        using var weak = RSA.Create(1024);
        using var strong = RSA.Create(2048);
        var reasons = new List<string>();

        var keys = JwksParser.Parse(Jwks(Jwk("weak", weak), Jwk("strong", strong)), reasons.Add);

        Assert.Equal(["strong"], keys.Keys);
        var reason = Assert.Single(reasons);
        Assert.Contains("'weak'", reason, StringComparison.Ordinal);
        Assert.Contains("1024 bits", reason, StringComparison.Ordinal);
        Assert.Contains("2048", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_without_kid_and_kid_used_twice_are_left_out_with_their_reasons()
    {
        using var a = RSA.Create(2048);
        using var b = RSA.Create(2048);
        var anonymous = Jwk("x", a);
        anonymous.Remove("kid");
        var reasons = new List<string>();

        var keys = JwksParser.Parse(Jwks(anonymous, Jwk("twice", a), Jwk("twice", b)), reasons.Add);

        Assert.Empty(keys);
        Assert.Contains(reasons, r => r.Contains("no kid", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("'twice' appears twice", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Jwk(string kid, RSA rsa)
    {
        var parameters = rsa.ExportParameters(false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["use"] = "sig",
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
    }

    private static byte[] Jwks(params Dictionary<string, string>[] keys) => JsonSerializer.SerializeToUtf8Bytes(new { keys });
}
