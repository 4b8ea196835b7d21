using System.Diagnostics;
using System.Text.Json;

namespace Exchange.Access.Tests.Tokens;

/// <summary>
/// An issuer that is not this codebase: the npm package <c>jose</c> run by node. It is installed
/// once under /tmp/exchange-jose-VERSION so that reruns are fast; a failed install fails the
/// test with npm's output (a missing prerequisite never skips).
/// </summary>
internal static class JoseIssuer
{
    public const string Version = "5";

    private const string Script = """
        import * as jose from 'jose';
        import { writeFileSync } from 'node:fs';
        const [alg, kid, jwksPath, iss, aud, clientId, scope] = process.argv.slice(2);
        const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
        const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' };
        writeFileSync(jwksPath, JSON.stringify({ keys: [jwk] }));
        const token = await new jose.SignJWT({ client_id: clientId, scope })
          .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
          .setIssuer(iss).setAudience(aud).setSubject(clientId)
          .setIssuedAt().setExpirationTime('10m')
          .sign(privateKey);
        process.stdout.write(token);
        """;

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Generates a key pair with jose, writes its public JWKS to <paramref name="jwksPath"/>, and returns a token it signed.</summary>
    public static async Task<string> MintAsync(string alg, string kid, string jwksPath, string issuer, string audience, string clientId, string scope,
        CancellationToken cancellationToken)
    {
        var folder = await InstallAsync(cancellationToken);
        var script = Path.Combine(folder, "mint.mjs");
        var (exit, output, error) = await RunAsync("node", folder, cancellationToken, script, alg, kid, jwksPath, issuer, audience, clientId, scope);
        Assert.True(exit == 0, $"node mint.mjs failed ({exit}):\n{error}\n{output}");
        return output.Trim();
    }

    private static async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        var folder = $"/tmp/exchange-jose-{Version}";
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path.Combine(folder, "node_modules", "jose", "package.json")))
            {
                // Installed beside, then moved in, so that an interrupted install never looks complete.
                var staging = $"{folder}.{Guid.NewGuid():N}";
                Directory.CreateDirectory(staging);
                await File.WriteAllTextAsync(Path.Combine(staging, "package.json"),
                    """{ "name": "exchange-jose-interop", "version": "1.0.0", "private": true, "type": "module" }""", cancellationToken);
                var (exit, output, error) = await RunAsync("npm", staging, cancellationToken, "install", $"jose@{Version}", "--no-audit", "--no-fund");
                Assert.True(exit == 0, $"npm install jose@{Version} failed ({exit}):\n{error}\n{output}");
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
                Directory.Move(staging, folder);
            }
            await File.WriteAllTextAsync(Path.Combine(folder, "mint.mjs"), Script, cancellationToken);
            return folder;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string workingDirectory, CancellationToken cancellationToken,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The kid of the single key in a JWKS file.</summary>
    public static string KeyId(string jwksPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(jwksPath));
        return json.RootElement.GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }
}
