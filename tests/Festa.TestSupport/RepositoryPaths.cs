using System.Reflection;

namespace Festa.TestSupport;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build output of the Functions app, in the configuration the tests were built in.</summary>
    public static string FunctionsOutput => Path.Combine(Root, "Festa.Functions", "bin", Configuration, "net10.0");

    public static string Configuration =>
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Festa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Festa.sln not found above " + AppContext.BaseDirectory);
    }
}
