using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.OpenApi;

/// <summary>
/// Writes the OpenAPI document. Unlike API responses (<c>no-store</c>) it holds nothing personal, so it may be
/// cached for a few minutes and revalidated with its ETag.
/// </summary>
public sealed class OpenApiDocumentResult : IActionResult
{
    public const string CacheControl = "public, max-age=300";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        response.Headers.ETag = OpenApiDocument.ETag;
        response.Headers.CacheControl = CacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        if (IsCurrent(request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var content = OpenApiDocument.Content;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>Whether the client's cached copy (If-None-Match) is this version.</summary>
    private static bool IsCurrent(HttpRequest request)
    {
        var current = new EntityTagHeaderValue(OpenApiDocument.ETag);
        return EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags) &&
            tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
