using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Festa.Infra.Tests;

/// <summary>
/// azure.yaml, the Azure Developer CLI's project file: `azd up` must provision infra/bicep and deploy the Functions
/// project as a .NET function app to the site the template tags with the service's name.
/// </summary>
[Collection(BicepOutputsCollection.Name)]
public sealed class AzdProjectTests(BicepOutputs bicep)
{
    private static readonly string Root = Path.TrimEndingDirectorySeparator(
        typeof(AzdProjectTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    private static YamlMappingNode Project()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "azure.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    [Fact]
    public void The_one_service_is_the_Functions_project_as_a_dotnet_function_app()
    {
        var services = Mapping(Project(), "services");

        var (name, node) = Assert.Single(services.Children);
        var service = Assert.IsType<YamlMappingNode>(node);
        Assert.Equal("api", ((YamlScalarNode)name).Value);
        Assert.Equal("dotnet", Scalar(service, "language"));
        Assert.Equal("function", Scalar(service, "host"));
        var project = Path.GetFullPath(Path.Combine(Root, Scalar(service, "project")));
        Assert.Equal(Path.Combine(Root, "Festa.Functions"), Path.TrimEndingDirectorySeparator(project));
        Assert.True(File.Exists(Path.Combine(project, "Festa.Functions.csproj")));
    }

    [Fact]
    public void Infra_is_the_bicep_template_with_its_parameter_file()
    {
        var infra = Mapping(Project(), "infra");

        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.Equal("infra/bicep", Scalar(infra, "path"));
        Assert.Equal(BicepCli.TemplatesDirectory, Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(Root, Scalar(infra, "path")))));
        var module = Scalar(infra, "module");
        Assert.Equal("main", module);
        Assert.True(File.Exists(Path.Combine(BicepCli.TemplatesDirectory, module + ".bicep")));
        Assert.True(File.Exists(Path.Combine(BicepCli.TemplatesDirectory, module + ".bicepparam")));
    }

    [Fact]
    public void Azd_finds_the_function_app_by_the_service_name_tag_and_nothing_else_carries_it()
    {
        var service = ((YamlScalarNode)Assert.Single(Mapping(Project(), "services").Children).Key).Value;

        foreach (var snapshot in new[] { bicep.Defaults, bicep.Cosmos })
        {
            var tagged = snapshot.Resources.Where(r => (string?)r["tags"]?["azd-service-name"] == service).ToList();
            var site = Assert.Single(tagged);
            Assert.Equal("Microsoft.Web/sites", (string?)site["type"]);
            Assert.Equal("festa", (string?)site["tags"]!["application"]); // the common tags stay
        }
    }
}
