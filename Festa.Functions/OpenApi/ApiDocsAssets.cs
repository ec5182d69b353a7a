using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Festa.Functions.OpenApi;

/// <summary>
/// The files of the API reference page: Swagger UI's bundle and stylesheet from the NuGet package
/// Swashbuckle.AspNetCore.SwaggerUI (which embeds the npm package swagger-ui-dist in its assembly), and Festa's page
/// and start-up script (embedded in this assembly). Nothing is fetched from a CDN, so the page works offline and
/// under <see cref="ContentSecurityPolicy"/>.
/// </summary>
public static class ApiDocsAssets
{
    /// <summary>
    /// Only this origin's scripts, styles, images and fetches; no inline script, no framing. Swagger UI's icons are
    /// inline SVG data URIs, hence <c>img-src data:</c>.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string SwaggerUiPrefix = "Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.";

    private static readonly Lazy<FrozenDictionary<string, ApiDocsAsset>> Assets = new(Load);

    /// <summary>The names <c>GET /api/docs?asset=…</c> serves.</summary>
    public static IReadOnlyList<string> Names => ["swagger-ui.css", "swagger-ui-bundle.js", "docs.js"];

    public static ApiDocsAsset Page => Assets.Value[string.Empty];

    public static ApiDocsAsset? Find(string name) => name.Length > 0 && Assets.Value.TryGetValue(name, out var asset) ? asset : null;

    private static FrozenDictionary<string, ApiDocsAsset> Load()
    {
        var swaggerUi = typeof(Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIOptions).Assembly;
        var own = typeof(ApiDocsAssets).Assembly;
        return new Dictionary<string, ApiDocsAsset>(StringComparer.Ordinal)
        {
            [string.Empty] = Read(own, "Festa.Functions.OpenApi.Docs.index.html", "text/html; charset=utf-8"),
            ["docs.js"] = Read(own, "Festa.Functions.OpenApi.Docs.docs.js", "text/javascript; charset=utf-8"),
            ["swagger-ui.css"] = Read(swaggerUi, SwaggerUiPrefix + "swagger-ui.css", "text/css; charset=utf-8"),
            ["swagger-ui-bundle.js"] = Read(swaggerUi, SwaggerUiPrefix + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static ApiDocsAsset Read(System.Reflection.Assembly assembly, string resource, string contentType)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        if (content is [0x1f, 0x8b, ..])
        {
            // Swashbuckle stores swagger-ui-dist's files gzip-compressed in its assembly.
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            content = plain.ToArray();
        }

        return new ApiDocsAsset(content, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"");
    }
}

/// <summary>One file of the reference page: its bytes, media type and a strong entity tag.</summary>
public sealed record ApiDocsAsset(ReadOnlyMemory<byte> Content, string ContentType, string ETag);
