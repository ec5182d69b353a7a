using System.Text.Json.Nodes;

namespace Festa.Infra.Tests;

/// <summary>The tests that read the compiled template and the snapshots; the lint tests run apart from them.</summary>
[CollectionDefinition(Name)]
public sealed class BicepOutputsCollection : ICollectionFixture<BicepOutputs>
{
    public const string Name = "Compiled templates";
}

/// <summary>
/// Compiles main.bicep once and takes two deployment snapshots for the whole test run, in a copy of
/// infra/bicep (the CLI writes its snapshots next to the parameter file, never into the repository).
/// </summary>
public sealed class BicepOutputs : IAsyncLifetime
{
    /// <summary>The object id the "developer" snapshot grants data roles to.</summary>
    public const string DeveloperPrincipalId = "5d1c0f53-0b4a-4f3e-9c4e-2f6f1d0e7a11";

    /// <summary>Parameters of the second snapshot: every non-default choice, to prove each one is wired through.</summary>
    public const string CosmosParameters = $"""
        using 'main.bicep'

        param store = 'cosmos'
        param principalId = '{DeveloperPrincipalId}'
        param instanceMemoryMB = 4096
        param maximumInstanceCount = 200
        param httpPerInstanceConcurrency = 8
        param httpAlwaysReadyInstances = 2
        param corsAllowedOrigins = ['https://festa.example.org']
        param corsSupportCredentials = true
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("festa-bicep-");

    /// <summary>main.bicep compiled to ARM JSON.</summary>
    internal ArmTemplate Compiled { get; private set; } = null!;

    /// <summary>main.bicepparam as committed: Table store, no developer principal.</summary>
    internal Snapshot Defaults { get; private set; } = null!;

    /// <summary><see cref="CosmosParameters"/>: Cosmos store, a developer principal, other sizes.</summary>
    internal Snapshot Cosmos { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        CopyDirectory(BicepCli.TemplatesDirectory, _work.FullName);
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "cosmos.bicepparam"), CosmosParameters, ct);

        // Diagnostics fail the lint tests; here only a failed run stops the others.
        var build = await BicepCli.RunAsync(_work.FullName, ct, "build", "main.bicep", "--outfile", "main.json");
        Assert.True(build.ExitCode == 0, build.ToString());
        Compiled = new ArmTemplate(await ReadAsync("main.json", ct));
        Defaults = await SnapshotAsync("main", ct);
        Cosmos = await SnapshotAsync("cosmos", ct);
    }

    public ValueTask DisposeAsync()
    {
        _work.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<Snapshot> SnapshotAsync(string name, CancellationToken ct)
    {
        var result = await BicepCli.RunAsync(_work.FullName, ct, "snapshot", $"{name}.bicepparam", "--mode", "overwrite",
            "--subscription-id", Snapshot.SubscriptionId, "--resource-group", Snapshot.ResourceGroup,
            "--location", Snapshot.Location);
        Assert.True(result.ExitCode == 0, result.ToString());
        return new Snapshot(await ReadAsync($"{name}.snapshot.json", ct));
    }

    private async Task<JsonObject> ReadAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(Path.Combine(_work.FullName, file));
        return (await JsonNode.ParseAsync(stream, cancellationToken: ct))!.AsObject();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
