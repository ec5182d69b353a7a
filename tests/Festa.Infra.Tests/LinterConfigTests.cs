namespace Festa.Infra.Tests;

/// <summary>bicepconfig.json makes the linter fail the build: a template with typical mistakes does not pass.</summary>
public sealed class LinterConfigTests
{
    private const string Flawed = """
        param unused string
        param location string = resourceGroup().location

        resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
          name: 'stflawed${uniqueString(resourceGroup().id)}'
          location: location
          kind: 'StorageV2'
          sku: {
            name: 'Standard_LRS'
          }
          properties: {
            customDomain: {
              name: 'login.microsoftonline.com'
            }
          }
        }

        output key string = account.listKeys().keys[0].value
        """;

    [Fact]
    public async Task Linter_findings_are_errors_under_festas_config()
    {
        var work = Directory.CreateTempSubdirectory("festa-bicep-lint-");
        try
        {
            File.Copy(Path.Combine(BicepCli.TemplatesDirectory, "bicepconfig.json"), Path.Combine(work.FullName, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "flawed.bicep"), Flawed, TestContext.Current.CancellationToken);

            var result = await BicepCli.RunAsync(work.FullName, TestContext.Current.CancellationToken, "lint", "flawed.bicep");

            Assert.NotEqual(0, result.ExitCode);
            Assert.False(result.IsClean);
            Assert.Contains("Error no-unused-params", result.Output, StringComparison.Ordinal);
            Assert.Contains("Error no-hardcoded-env-urls", result.Output, StringComparison.Ordinal);
            Assert.Contains("Error outputs-should-not-contain-secrets", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
