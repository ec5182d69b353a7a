namespace Festa.Infra.Tests;

/// <summary>Every template lints with no diagnostic at all, under infra/bicep/bicepconfig.json.</summary>
public sealed class TemplateLintTests
{
    public static TheoryData<string> Templates => [.. BicepCli.TemplateFiles];

    [Fact]
    public void The_templates_are_main_its_parameters_and_its_local_modules()
    {
        Assert.Contains("main.bicep", BicepCli.TemplateFiles);
        Assert.Contains("main.bicepparam", BicepCli.TemplateFiles);
        Assert.True(File.Exists(Path.Combine(BicepCli.TemplatesDirectory, "bicepconfig.json")));

        var main = File.ReadAllText(Path.Combine(BicepCli.TemplatesDirectory, "main.bicep"));
        Assert.DoesNotContain("br/public:", main, StringComparison.Ordinal);
        Assert.All(BicepCli.TemplateFiles.Where(f => f.StartsWith("modules", StringComparison.Ordinal)),
            module => Assert.Contains($"'{module.Replace('\\', '/')}'", main, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Template_lints_without_diagnostics(string template)
    {
        var result = await BicepCli.RunAsync(BicepCli.TemplatesDirectory, TestContext.Current.CancellationToken, "lint", template);

        Assert.True(result.IsClean, result.ToString());
    }
}
