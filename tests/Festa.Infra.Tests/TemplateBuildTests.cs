namespace Festa.Infra.Tests;

/// <summary>Every template compiles to ARM JSON with no diagnostic at all (one CLI run per file kind).</summary>
public sealed class TemplateBuildTests
{
    [Theory]
    [InlineData("build", ".bicep")]
    [InlineData("build-params", ".bicepparam")]
    public async Task Every_template_builds_without_diagnostics(string command, string extension)
    {
        var output = Directory.CreateTempSubdirectory("festa-bicep-build-");
        try
        {
            var result = await BicepCli.RunAsync(BicepCli.TemplatesDirectory, TestContext.Current.CancellationToken,
                command, "--pattern", $"**/*{extension}", "--outdir", output.FullName);

            Assert.True(result.IsClean, result.ToString());
            var templates = BicepCli.TemplateFiles.Where(f => f.EndsWith(extension, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(templates);
            Assert.All(templates, t => Assert.True(File.Exists(Path.Combine(output.FullName, Path.ChangeExtension(t, ".json"))), $"{t} was not built"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
