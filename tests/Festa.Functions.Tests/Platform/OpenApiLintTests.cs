using System.Diagnostics;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// docs/openapi.json passes the ecosystem's linters, pinned in package-lock.json and installed by ./test.sh
/// (npm ci): Redocly CLI with <c>recommended-strict</c> (redocly.yaml; deliberate exceptions, with reasons, in
/// .redocly.lint-ignore.yaml) and Spectral with <c>spectral:oas</c> (.spectral.yaml), warnings failing both.
/// </summary>
public sealed class OpenApiLintTests
{
    private static readonly string Document = Path.Combine("docs", "openapi.json");

    [Fact]
    public async Task Redocly_lint_passes_with_recommended_strict()
    {
        var (exitCode, output) = await RunAsync("redocly", "lint", Document);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spectral_lint_passes_with_spectral_oas_and_no_warnings()
    {
        var (exitCode, output) = await RunAsync("spectral", "lint", Document, "--ruleset", ".spectral.yaml", "--fail-severity", "warn");

        Assert.True(exitCode == 0, output);
        Assert.Contains("No results with a severity of 'warn' or higher found", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", tool);
        Assert.True(File.Exists(executable), $"{executable} is missing: run `npm ci` (./test.sh does).");
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1", ["CI"] = "true" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
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

        return (process.ExitCode, await stdout + await stderr);
    }
}
