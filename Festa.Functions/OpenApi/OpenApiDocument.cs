using System.Security.Cryptography;

namespace Festa.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 description of Festa's HTTP API: <c>docs/openapi.json</c> in the repository, embedded in
/// this assembly at build time, so what is served is exactly what is reviewed (and tested against the functions).
/// </summary>
public static class OpenApiDocument
{
    public const string ResourceName = "Festa.Functions.OpenApi.openapi.json";

    private static readonly Lazy<(byte[] Content, string ETag)> Loaded = new(Load);

    /// <summary>The document's UTF-8 bytes, as in the repository.</summary>
    public static ReadOnlyMemory<byte> Content => Loaded.Value.Content;

    /// <summary>A strong entity tag derived from the content.</summary>
    public static string ETag => Loaded.Value.ETag;

    private static (byte[], string) Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing; see Festa.Functions.csproj.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        return (content, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"");
    }
}
