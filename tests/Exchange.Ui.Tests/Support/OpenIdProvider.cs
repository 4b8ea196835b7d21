using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Exchange.Testing;

namespace Exchange.Ui.Tests.Support;

/// <summary>
/// An OpenID provider that is not this codebase: the npm package <c>oidc-provider</c>, pinned with
/// its lockfile in tools/oidc-provider, run by node on a free loopback port. A failed install or
/// start fails the test with node's output (a missing prerequisite never skips).
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    private readonly Process _process;

    private OpenIdProvider(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    /// <summary>Its issuer, <c>http://127.0.0.1:PORT</c>: the authority the hub is given.</summary>
    public string Issuer { get; }

    /// <param name="graduate">A login whose ID token carries a resident id in the claim <c>resident_id</c>, and that id; null for none.</param>
    public static async Task<OpenIdProvider> StartAsync(string clientId, string redirectUri, string scope, (string Login, string ResidentId)? graduate = null)
    {
        var folder = Path.Combine(RepositoryFolder.Root, "tools", "oidc-provider");
        if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
        {
            using var install = Process.Start(Start("npm", folder, "ci", "--no-audit", "--no-fund"))!;
            var output = await install.StandardOutput.ReadToEndAsync() + await install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            Assert.True(install.ExitCode == 0, $"npm ci in tools/oidc-provider failed ({install.ExitCode}):\n{output}");
        }

        var port = FreePort();
        string[] arguments = ["provider.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), clientId, redirectUri, scope];
        if (graduate is { } account)
            arguments = [.. arguments, account.Login, account.ResidentId];
        var process = Process.Start(Start("node", folder, arguments))!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line?.StartsWith("listening ", StringComparison.Ordinal) != true)
        {
            process.Kill();
            lock (errors)
                Assert.Fail($"oidc-provider did not start: {line}\n{errors}");
        }
        return new OpenIdProvider(process, line!["listening ".Length..].Trim());
    }

    /// <summary>A loopback port nothing listens on now, for a server that must know its address before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo Start(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
