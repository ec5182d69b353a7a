using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Festa.Functions.Http.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.TestSupport.Http;

/// <summary>
/// Sends requests to one Festa instance the way the Functions host and worker would: the route is matched
/// against the generated functions.metadata, the request runs through the instance's <see cref="HttpPipeline"/>
/// (the one the worker's <c>HttpPipelineMiddleware</c> runs: exceptions, authentication, rate limits, idempotency keys), which calls
/// the function class created from the instance's service provider with a real HttpContext; the result is executed
/// into the response as the worker's ASP.NET Core integration does.
/// </summary>
public sealed class FestaClient(FestaInstance instance)
{
    private static readonly Assembly FunctionsAssembly = typeof(Festa.Functions.Composition.FestaServiceCollectionExtensions).Assembly;

    /// <summary>The remote address of this client's requests unless a request names its own (null: loopback).</summary>
    public string? ClientAddress { get; init; }

    /// <summary>Another client of the same instance, connecting from <paramref name="address"/>.</summary>
    public FestaClient From(string address) => new(instance) { ClientAddress = address };

    public Task<TestResponse> GetAsync(string path, string? token = null) => SendAsync("GET", path, token: token);

    public Task<TestResponse> DeleteAsync(string path, string? token = null) => SendAsync("DELETE", path, token: token);

    /// <summary>
    /// Every item of a paged GET (docs/api.md, "Pagination and cursors"): follows <c>nextCursor</c> until it is absent.
    /// <paramref name="path"/> carries its own query (at least <c>limit</c>); each page must answer 200.
    /// </summary>
    public async Task<List<JsonElement>> AllPagesAsync(string path, string? token = null)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(path + (cursor is null ? "" : "&cursor=" + cursor), token);
            if (page.Status != 200)
            {
                throw new InvalidOperationException($"GET {path} (cursor {cursor ?? "none"}) answered {page}");
            }

            items.AddRange(page.Json.GetProperty("items").EnumerateArray());
            cursor = page.Json.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    public Task<TestResponse> PostAsync(string path, object? body = null, string? token = null) =>
        SendAsync("POST", path, body is null ? null : JsonSerializer.Serialize(body), token: token);

    public Task<TestResponse> PutAsync(string path, object body, string? token = null) =>
        SendAsync("PUT", path, JsonSerializer.Serialize(body), token: token);

    public Task<TestResponse> PatchAsync(string path, object body, string? token = null) =>
        SendAsync("PATCH", path, JsonSerializer.Serialize(body), token: token);

    /// <param name="rawBody">Sent as is (malformed JSON included).</param>
    /// <param name="token">Sent as <c>Authorization: Bearer</c> when given.</param>
    /// <param name="bodyStream">The request body as a stream (to see how much of it is read); no Content-Length unless in <paramref name="headers"/>.</param>
    /// <param name="clientAddress">The connection's remote address (as the worker sees it); loopback, like the host's proxy, by default.</param>
    public async Task<TestResponse> SendAsync(string method, string path, string? rawBody = null, string? contentType = "application/json",
        string? token = null, IReadOnlyDictionary<string, string>? headers = null, byte[]? rawBytes = null, string? clientAddress = null,
        Stream? bodyStream = null)
    {
        var cancellationToken = Xunit.TestContext.Current.CancellationToken;
        var context = new DefaultHttpContext { RequestServices = instance.Services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(clientAddress ?? ClientAddress ?? "127.0.0.1");
        var request = context.Request;
        request.Method = method;
        var queryStart = path.IndexOf('?', StringComparison.Ordinal);
        request.Path = queryStart < 0 ? path : path[..queryStart];
        request.QueryString = queryStart < 0 ? QueryString.Empty : new QueryString(path[queryStart..]);
        request.Scheme = "https";
        request.Host = new HostString("festa.test");
        var bytes = rawBytes ?? (rawBody is null ? [] : Encoding.UTF8.GetBytes(rawBody));
        request.Body = bodyStream ?? new MemoryStream(bytes);
        if (bodyStream is not null)
        {
            // Sent as is: Content-Length only if the caller put it in the headers.
            request.ContentType = contentType;
        }
        else if (bytes.Length > 0 || rawBody is not null || rawBytes is not null)
        {
            request.ContentLength = bytes.Length;
            if (contentType is not null)
            {
                request.ContentType = contentType;
            }
        }

        if (token is not null)
        {
            request.Headers.Authorization = "Bearer " + token;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Append(name, value);
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        await InvokeAsync(context, cancellationToken);
        var sent = response.ToArray();
        return new TestResponse(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(sent), sent);
    }

    private async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var match = Match(context.Request.Method, context.Request.Path.Value ?? "/");
        if (match is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (function, routeValues) = match.Value;
        var lastDot = function.EntryPoint.LastIndexOf('.');
        var type = FunctionsAssembly.GetType(function.EntryPoint[..lastDot], throwOnError: true)!;
        var method = type.GetMethod(function.EntryPoint[(lastDot + 1)..])!;
        context.RequestAborted = cancellationToken;
        var pipeline = instance.Services.GetRequiredService<HttpPipeline>();
        var result = await pipeline.RunAsync(context, function.Name, async () =>
        {
            var target = ActivatorUtilities.CreateInstance(instance.Services, type);
            var arguments = method.GetParameters().Select(p => Bind(p, context, routeValues, cancellationToken)).ToArray();
            try
            {
                return await (Task<IActionResult>)method.Invoke(target, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                // What the function threw, as the worker's invoker would surface it.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        });

        await result!.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
    }

    private static object? Bind(ParameterInfo parameter, HttpContext context, Dictionary<string, string> routeValues, CancellationToken cancellationToken)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return cancellationToken;
        }

        if (parameter.ParameterType == typeof(string) && routeValues.TryGetValue(parameter.Name!, out var value))
        {
            return value;
        }

        throw new InvalidOperationException($"Cannot bind parameter '{parameter.Name}' of {parameter.Member.DeclaringType!.Name}.");
    }

    /// <summary>Route matching as the host does it: literal segments beat parameters.</summary>
    private static (HttpFunctionMetadata, Dictionary<string, string>)? Match(string method, string path)
    {
        var prefix = "/" + FunctionsMetadata.RoutePrefix + "/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segments = path[prefix.Length..].TrimEnd('/').Split('/');
        (HttpFunctionMetadata, Dictionary<string, string>)? best = null;
        (HttpFunctionMetadata, Dictionary<string, string>)? catchAll = null;
        var bestLiterals = -1;
        foreach (var function in FunctionsMetadata.HttpFunctions.Where(f => f.Methods.Contains(method)))
        {
            var template = function.Route.Split('/');
            if (template is [var only] && only.StartsWith("{*", StringComparison.Ordinal))
            {
                // A catch-all ranks below every other route, as in the host's router.
                if (best is null)
                {
                    catchAll = (function, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                    {
                        [only[2..^1].Split(':')[0]] = Uri.UnescapeDataString(path[prefix.Length..]),
                    });
                }

                continue;
            }

            if (template.Length != segments.Length)
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var literals = 0;
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                if (template[i].StartsWith('{') && template[i].EndsWith('}'))
                {
                    matched = segments[i].Length > 0;
                    values[template[i][1..^1].Split(':')[0]] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    matched = string.Equals(template[i], segments[i], StringComparison.OrdinalIgnoreCase);
                    literals++;
                }
            }

            if (matched && literals > bestLiterals)
            {
                best = (function, values);
                bestLiterals = literals;
            }
        }

        return best ?? catchAll;
    }
}
