using Festa.Core.Common;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.OpenApi;

/// <summary>
/// The interactive API reference: <c>GET /api/docs</c> is an HTML page on which Swagger UI renders
/// <c>GET /api/openapi.json</c>; <c>GET /api/docs?asset=…</c> serves the page's script and stylesheet (see
/// <see cref="ApiDocsAssets"/>). One route, so the page needs no path of its own below <c>/api/docs</c>.
/// </summary>
public sealed class ApiDocsFunction
{
    /// <summary>Like the OpenAPI document: nothing personal, so cacheable for a few minutes and revalidated by ETag.</summary>
    public const string CacheControl = "public, max-age=300";

    [Function("ApiDocs")]
    public Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "docs")] HttpRequest request) =>
        Task.FromResult(Answer(request));

    private static IActionResult Answer(HttpRequest request)
    {
        var name = request.Query["asset"];
        if (name.Count == 0)
        {
            return new AssetResult(ApiDocsAssets.Page);
        }

        return name.Count == 1 && ApiDocsAssets.Find(name[0] ?? string.Empty) is { } asset
            ? new AssetResult(asset)
            : Problems.From(CommonErrors.Validation(new Dictionary<string, string[]>
            {
                ["asset"] = [$"must be one of {string.Join(", ", ApiDocsAssets.Names)}."],
            }), request);
    }

    private sealed class AssetResult(ApiDocsAsset asset) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var request = context.HttpContext.Request;
            var response = context.HttpContext.Response;
            response.Headers.ETag = asset.ETag;
            response.Headers.CacheControl = CacheControl;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = ApiDocsAssets.ContentSecurityPolicy;
            var current = new EntityTagHeaderValue(asset.ETag);
            if (EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags) &&
                tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Content.Length;
            if (!HttpMethods.IsHead(request.Method))
            {
                await response.Body.WriteAsync(asset.Content, context.HttpContext.RequestAborted);
            }
        }
    }
}
