using System.Diagnostics;
using System.Reflection;

namespace Festa.Infra.Tests;

/// <summary>
/// The Bicep CLI restored from NuGet (Azure.Bicep.CommandLine.linux-x64): no download at test time,
/// no network while it runs. Paths come from assembly metadata written by the project file.
/// </summary>
internal static class BicepCli
{
    public static string ExecutablePath { get; } = Metadata("BicepPath");

    /// <summary>infra/bicep in this repository.</summary>
    public static string TemplatesDirectory { get; } = Path.TrimEndingDirectorySeparator(Metadata("BicepTemplates"));

    /// <summary>Every .bicep and .bicepparam file under infra/bicep, relative to it.</summary>
    public static IReadOnlyList<string> TemplateFiles { get; } =
    [
        .. Directory.EnumerateFiles(TemplatesDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TemplatesDirectory, f))
            .Order(StringComparer.Ordinal),
    ];

    public static async Task<BicepResult> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        EnsureExecutable();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = $"{await stdout}{await stderr}".Trim();
        return new BicepResult($"bicep {string.Join(' ', arguments)}", process.ExitCode, output);
    }

    private static void EnsureExecutable()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException("The Bicep CLI package was not restored (linux-x64 only).", ExecutablePath);
        }

        const UnixFileMode execute = UnixFileMode.UserExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(ExecutablePath) & execute) == 0)
        {
            File.SetUnixFileMode(ExecutablePath, File.GetUnixFileMode(ExecutablePath) | execute);
        }
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see Festa.Infra.Tests.csproj.");
}

/// <summary>What one run of the CLI did: its exit code and everything it printed.</summary>
internal sealed record BicepResult(string Command, int ExitCode, string Output)
{
    /// <summary>Exit code 0 and not a line of output: no errors, warnings or informational diagnostics.</summary>
    public bool IsClean => ExitCode == 0 && Output.Length == 0;

    public override string ToString() => $"{Command} exited {ExitCode}:\n{Output}";
}
