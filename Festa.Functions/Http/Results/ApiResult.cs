using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Festa.Functions.Http.Results;

/// <summary>
/// An HTTP response: status, headers, and an optional body written by generated JSON code.
/// Executed by the Functions ASP.NET Core integration (or by tests) against the real HttpContext.
/// </summary>
public sealed class ApiResult : IActionResult
{
    private readonly Func<HttpResponse, CancellationToken, Task>? _writeBody;

    private ApiResult(int statusCode, string? contentType, Func<HttpResponse, CancellationToken, Task>? writeBody)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        _writeBody = writeBody;
    }

    public int StatusCode { get; }

    public string? ContentType { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiResult Json<T>(int statusCode, T body, JsonTypeInfo<T> typeInfo, string contentType = "application/json; charset=utf-8") =>
        new(statusCode, contentType, (response, ct) => JsonSerializer.SerializeAsync(response.Body, body, typeInfo, ct));

    public static ApiResult Empty(int statusCode) => new(statusCode, null, null);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;

        // API responses carry personal data and tokens: never cache them anywhere on the way.
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (_writeBody is not null)
        {
            response.ContentType = ContentType;

            // HEAD (RFC 9110 §9.3.2): the same status and headers as GET, no content.
            if (!HttpMethods.IsHead(context.HttpContext.Request.Method))
            {
                await _writeBody(response, context.HttpContext.RequestAborted);
            }
        }
    }
}
