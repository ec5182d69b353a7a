using System.Text.Json;
using System.Text.RegularExpressions;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>The README states the prerequisites once; its versions are the ones the repository pins.</summary>
public sealed partial class PrerequisitesDocTests
{
    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, file));

    private static string PrerequisitesSection()
    {
        var readme = Read("README.md");
        var start = readme.IndexOf("\n## Prerequisites\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Prerequisites section");
        var end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public void The_readme_names_the_sdk_node_and_emulator_versions_the_repository_pins()
    {
        var section = PrerequisitesSection();
        using var global = JsonDocument.Parse(Read("global.json"));
        using var package = JsonDocument.Parse(Read("package.json"));
        using var lockfile = JsonDocument.Parse(Read("package-lock.json"));
        var packages = lockfile.RootElement.GetProperty("packages");

        Assert.Contains($"| .NET SDK | {global.RootElement.GetProperty("sdk").GetProperty("version").GetString()} ", section, StringComparison.Ordinal);
        var node = NodeMajor().Match(package.RootElement.GetProperty("engines").GetProperty("node").GetString()!).Groups[1].Value;
        Assert.Contains($"| Node.js | {node} or later", section, StringComparison.Ordinal);
        Assert.Contains($"Azurite {packages.GetProperty("node_modules/azurite").GetProperty("version").GetString()}", section, StringComparison.Ordinal);
        Assert.Contains($"Cosmos DB test server {packages.GetProperty("node_modules/@vercel/cosmosdb-server").GetProperty("version").GetString()}", section, StringComparison.Ordinal);
        Assert.Contains("| Azure Functions Core Tools | 4.x", section, StringComparison.Ordinal);
        Assert.Contains("./run.sh --check", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_azurite_is_a_runtime_dependency_of_the_local_run()
    {
        using var package = JsonDocument.Parse(Read("package.json"));

        // run.sh installs with --omit=dev: the Cosmos DB test server (tests and --store cosmos) and the OpenAPI
        // linters are for the tests only.
        Assert.Equal(["azurite"], package.RootElement.GetProperty("dependencies").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["@redocly/cli", "@stoplight/spectral-cli", "@vercel/cosmosdb-server"],
            package.RootElement.GetProperty("devDependencies").EnumerateObject().Select(p => p.Name));
    }

    [GeneratedRegex(@"^>=(\d+)$")]
    private static partial Regex NodeMajor();
}
