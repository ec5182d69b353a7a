namespace Festa.Infra.Tests;

/// <summary>Every template reads as <c>bicep format</c> writes it, so diffs stay about content.</summary>
public sealed class TemplateFormatTests
{
    [Theory]
    [MemberData(nameof(TemplateLintTests.Templates), MemberType = typeof(TemplateLintTests))]
    public async Task Template_is_formatted_as_bicep_format_writes_it(string template)
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await BicepCli.RunAsync(BicepCli.TemplatesDirectory, ct,
            "format", template, "--stdout", "--newline-kind", "LF", "--insert-final-newline");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal((await File.ReadAllTextAsync(Path.Combine(BicepCli.TemplatesDirectory, template), ct)).Trim(), result.Output);
    }
}
