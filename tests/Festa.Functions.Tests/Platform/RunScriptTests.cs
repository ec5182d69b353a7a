using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// run.sh end to end with a stub <c>func</c> first on PATH: the stub records its arguments, working directory and
/// environment, so the tests see exactly how the Functions host would be started. The Azurite test.sh started is
/// named through FESTA_AZURITE_PORTS, so run.sh's "reuse a running Azurite" path is what runs (no default ports taken).
/// </summary>
public sealed partial class RunScriptTests : IDisposable
{
    private readonly DirectoryInfo _stub = Directory.CreateTempSubdirectory("festa-run-sh-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_host_is_started_as_plain_func_start_in_the_project_folder_with_the_runtime_left_to_local_settings()
    {
        var ports = AzuritePorts();

        var run = await RunAsync(["--store", "table"], ports);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["start"], ReadLines("args"));
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "Festa.Functions"), ReadLines("cwd").Single());
        var env = Environment();
        // The runtime comes from local.settings.json (dotnet-isolated); nothing overrides it or the store.
        Assert.False(env.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(env.ContainsKey("Festa__Store"));
        Assert.False(env.ContainsKey("FestaCosmos"));
        // Azurite is not on its default ports here, so both storage connections point at the ports it is on.
        foreach (var key in new[] { "AzureWebJobsStorage", "FestaStorage" })
        {
            Assert.Contains($"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;", env[key], StringComparison.Ordinal);
            Assert.Contains($"QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;", env[key], StringComparison.Ordinal);
            Assert.Contains($"TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;", env[key], StringComparison.Ordinal);
        }

        Assert.Contains("Using the Azurite that already answers", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_cosmos_points_the_host_at_the_local_cosmos_test_server_and_warns_what_it_lacks()
    {
        var run = await RunAsync(["--store", "cosmos"], AzuritePorts());

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["start"], ReadLines("args"));
        var env = Environment();
        Assert.Equal("Cosmos", env["Festa__Store"]);
        Assert.Equal("true", env["Festa__Cosmos__LocalTestServer"]);
        Assert.Matches(@"^AccountEndpoint=https://127\.0\.0\.1:\d+/;AccountKey=[A-Za-z0-9+/=]+;$", env["FestaCosmos"]);
        foreach (var lacking in new[] { "transactional batch", "TTL", "ORDER BY", "cross-partition" })
        {
            Assert.Contains(lacking, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_names_each_missing_prerequisite_in_one_line_and_installs_nothing()
    {
        // A Core Tools of the wrong major version stands in for a missing one (a real func may be installed here).
        var run = await RunAsync(["--check"], AzuritePorts(), funcVersion: "3.0.3904");

        Assert.Equal(1, run.ExitCode);
        var missing = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("missing:", StringComparison.Ordinal));
        Assert.Contains("Azure Functions Core Tools v4", missing, StringComparison.Ordinal);
        Assert.Contains("found 3.0.3904", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("npm", run.Output.Replace(missing, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_stub.FullName, "args")));
    }

    [Fact]
    public async Task Check_reports_the_versions_it_found_when_nothing_is_missing()
    {
        var run = await RunAsync(["--check"], AzuritePorts());

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"All prerequisites found: \.NET SDK 10\.\d+\.\d+, Node\.js v\d+\.\d+\.\d+, Azure Functions Core Tools 4\.0\.7030\.", run.Output);
        Assert.False(File.Exists(Path.Combine(_stub.FullName, "args")));
    }

    [Fact]
    public async Task Ports_taken_by_something_other_than_azurite_give_one_line_saying_what_to_do()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        var answering = AnswerWithPlainHttpAsync(other);

        var run = await RunAsync(["--store", "table"], [port, FreePort(), FreePort()]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{port} (not Azurite)", line, StringComparison.Ordinal);
        Assert.Contains("FESTA_AZURITE_PORTS=", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_stub.FullName, "args")));
        other.Stop();
        await answering;
    }

    public void Dispose() => _stub.Delete(recursive: true);

    private sealed record Run(int ExitCode, string Output);

    private async Task<Run> RunAsync(string[] arguments, int[] azuritePorts, string funcVersion = "4.0.7030")
    {
        var func = Path.Combine(_stub.FullName, "func");
        await File.WriteAllTextAsync(func, $$"""
            #!/usr/bin/env bash
            if [ "${1:-}" = --version ]; then echo {{funcVersion}}; exit 0; fi
            pwd > "{{_stub.FullName}}/cwd"
            printf '%s\n' "$@" > "{{_stub.FullName}}/args"
            env > "{{_stub.FullName}}/env"
            """.ReplaceLineEndings("\n"), Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(func, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _stub.FullName,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "run.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = _stub.FullName + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH");
        start.Environment["FESTA_AZURITE_PORTS"] = string.Join(',', azuritePorts);
        foreach (var inherited in new[] { "FUNCTIONS_WORKER_RUNTIME", "Festa__Store", "FestaCosmos", "AzureWebJobsStorage", "FestaStorage" })
        {
            start.Environment.Remove(inherited);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await stdout).Append(await stderr);
        return new Run(process.ExitCode, output.ToString());
    }

    private string[] ReadLines(string file) => File.ReadAllLines(Path.Combine(_stub.FullName, file));

    private Dictionary<string, string> Environment() =>
        ReadLines("env").Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>The ports of the Azurite test.sh started (FESTA_TEST_STORAGE).</summary>
    private static int[] AzuritePorts()
    {
        var connection = System.Environment.GetEnvironmentVariable("FESTA_TEST_STORAGE")
            ?? throw new InvalidOperationException(TestStorage.StartEmulatorsHint);
        return [.. new[] { "Blob", "Queue", "Table" }.Select(s =>
            int.Parse(Regex.Match(connection, $@"{s}Endpoint=http://127\.0\.0\.1:(\d+)/").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An HTTP server that is not Azurite (an editor's dev server, say): answers 200 without Azurite's Server header.</summary>
    private static async Task AnswerWithPlainHttpAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(Ct);
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                int read;
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, Ct)) > 0)
                {
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nServer: other\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), Ct);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped by the test.
        }
    }
}
