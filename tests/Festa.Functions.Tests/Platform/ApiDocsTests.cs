using System.Text.RegularExpressions;
using Festa.Functions.OpenApi;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>GET /api/docs at the function level: the page, its files, the CSP, caching and unknown files.</summary>
public sealed partial class ApiDocsTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task The_page_loads_only_files_of_its_own_and_has_no_inline_script()
    {
        var page = await store.Instance.Client.GetAsync("/api/docs");

        Assert.Equal(200, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Equal(ApiDocsAssets.ContentSecurityPolicy, page.Header("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        var scripts = ScriptTag().Matches(page.Body).Select(m => m.Value).ToList();
        Assert.Equal(2, scripts.Count);
        Assert.All(scripts, tag => Assert.Matches(@"^<script src=""docs\?asset=[a-z.-]+""></script>$", tag)); // no inline code
        Assert.DoesNotContain("https://", page.Body, StringComparison.Ordinal); // nothing from a CDN

        foreach (var asset in ApiDocsAssets.Names)
        {
            Assert.Contains($"docs?asset={asset}", page.Body, StringComparison.Ordinal);
            var file = await store.Instance.Client.GetAsync($"/api/docs?asset={asset}");
            Assert.Equal(200, file.Status);
            Assert.True(file.BodyBytes.Length > 100, asset);
            Assert.StartsWith(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", file.ContentType, StringComparison.Ordinal);
        }

        Assert.Contains("SwaggerUIBundle", (await store.Instance.Client.GetAsync("/api/docs?asset=swagger-ui-bundle.js")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_copy_is_revalidated_and_an_unknown_file_is_a_validation_problem()
    {
        var first = await store.Instance.Client.GetAsync("/api/docs?asset=docs.js");
        var unchanged = await store.Instance.Client.SendAsync("GET", "/api/docs?asset=docs.js",
            headers: new Dictionary<string, string> { ["If-None-Match"] = first.Header("ETag")! });
        var unknown = await store.Instance.Client.GetAsync("/api/docs?asset=../appsettings.json");

        Assert.Equal(ApiDocsFunction.CacheControl, first.Header("Cache-Control"));
        Assert.Equal(304, unchanged.Status);
        Assert.Empty(unchanged.BodyBytes);
        Assert.Equal(400, unknown.Status);
        Assert.Equal("validation", unknown.ProblemCode);
        Assert.True(unknown.Json.GetProperty("errors").TryGetProperty("asset", out _));
    }

    [GeneratedRegex("<script[^>]*>[^<]*</script>")]
    private static partial Regex ScriptTag();
}
