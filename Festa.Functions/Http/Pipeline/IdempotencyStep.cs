using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Festa.Core.Auth.Sessions;
using Festa.Core.Idempotency;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Http.Pipeline;

/// <summary>
/// <c>Idempotency-Key</c> (draft-ietf-httpapi-idempotency-key-header) on the routes <see cref="RoutePolicies"/> names.
/// Without the header nothing changes. With it, the key of this caller (<see cref="IdempotencyCaller"/>) is claimed
/// in the store before the function runs (<see cref="IdempotencyKeys"/>):
/// <list type="bullet">
/// <item>first use: the function runs; its response (status, headers but Set-Cookie, body) is stored and sent;</item>
/// <item>a repeat of the same request (SHA-256 of method, path, query and body) within the retention: the stored response, with
/// <c>Idempotent-Replayed: true</c>, and the function does not run;</item>
/// <item>the same key with another request: 422 <c>idempotency-key-mismatch</c>;</item>
/// <item>a repeat while the first still runs: 409 <c>idempotency-key-in-use</c> with Retry-After;</item>
/// <item>a malformed key: 400 <c>invalid-idempotency-key</c>.</item>
/// </list>
/// 5xx and 429 answers, exceptions and cancelled requests are not stored: the key is released, so a retry does the work.
/// The function learns its key's operation id through <see cref="IdempotentRequest"/> (sign-up passes it to the seat ledger).
/// </summary>
public sealed partial class IdempotencyStep(IdempotencyKeys keys, RequestAuthenticator auth, SessionTokenReader tokens, ClientAddress clients,
    IOptions<HttpOptions> http, ILogger<IdempotencyStep> logger) : IHttpStep
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Longest key accepted (a UUID is 36; the draft leaves the length to the resource).</summary>
    public const int MaxKeyLength = 255;

    public async Task<IActionResult?> InvokeAsync(HttpInvocation invocation, HttpStepDelegate next)
    {
        var request = invocation.Request;
        if (RoutePolicies.IdempotencyOf(invocation.FunctionName) is not { } owner || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            return await next(invocation);
        }

        // A blank value or a list of keys is malformed (an empty header may never reach here: ASP.NET Core's header dictionary drops it).
        if (values.Count != 1 || ParseKey(values[0]) is not { } key)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-idempotency-key", "The Idempotency-Key header is malformed.",
                $"Send one key of 1 to {MaxKeyLength} visible ASCII characters other than '\"' and '\\', bare or as a quoted string (\"…\"); a UUID is a good key.",
                request);
        }

        if (await CallerAsync(owner, request, invocation.Aborted) is not { } caller)
        {
            return await next(invocation); // no session: the function answers 401, and nothing is stored
        }

        var begin = await keys.TryBeginAsync(caller, key, await FingerprintAsync(request, invocation.Aborted), invocation.Aborted);
        switch (begin)
        {
            case IdempotencyBegin.Completed completed:
                return new StoredResponseResult(completed.Response, replayed: true);
            case IdempotencyBegin.Mismatch:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-mismatch",
                    "This Idempotency-Key was used for a different request.",
                    "A key stands for one request (method, path and body); use a new key for a new request.", request);
            case IdempotencyBegin.InProgress:
                return Problems.Create(StatusCodes.Status409Conflict, "idempotency-key-in-use", "A request with this Idempotency-Key is still being processed.",
                    "Retry after the first request has been answered; the retry then gets its response.", request)
                    .WithHeader("Retry-After", "1");
        }

        var claim = ((IdempotencyBegin.Began)begin).Claim;
        invocation.Http.Features.Set(new IdempotentRequest(claim.OperationId));
        IActionResult? result;
        try
        {
            result = await next(invocation);
        }
        catch
        {
            await ReleaseQuietlyAsync(claim);
            throw;
        }

        if (result is null)
        {
            await ReleaseQuietlyAsync(claim);
            return null;
        }

        var response = await CaptureAsync(result, invocation.Http);
        if (!IsStorable(response.Status) || response.Body.Length > IdempotencyKeys.MaxStoredBodyBytes)
        {
            await ReleaseQuietlyAsync(claim);
        }
        else
        {
            // Not with the request's token: once the work is done its response must be stored even if the client left.
            await keys.CompleteAsync(claim, response with { Headers = [.. response.Headers.Where(h => !IsSetCookie(h.Key))] }, CancellationToken.None);
        }

        return new StoredResponseResult(response, replayed: false);
    }

    /// <summary>
    /// The key of a valid header value: an sf-string as the draft writes it (<c>"…"</c>), or the same characters bare;
    /// 1–<see cref="MaxKeyLength"/> visible ASCII characters other than <c>"</c> and <c>\</c> (no escapes). Null if malformed.
    /// </summary>
    public static string? ParseKey(string? value)
    {
        var key = value?.Trim(' ');
        if (key is { Length: >= 2 } && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }

        return key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is > ' ' and <= '~' and not '"' and not '\\') ? key : null;
    }

    private async Task<string?> CallerAsync(IdempotencyCaller owner, HttpRequest request, CancellationToken cancellationToken)
    {
        switch (owner)
        {
            case IdempotencyCaller.ClientAddress:
                return "client:" + clients.Of(request);
            case IdempotencyCaller.Session:
                // The session's id (SessionTokens: the stored SHA-256 of the secret), never the token itself.
                return SessionTokens.TryGetId(tokens.Read(request).FirstOrDefault(), out var session) ? "session:" + session.Value : null;
            default:
                return await auth.AuthenticateAsync(request, cancellationToken) is { IsSuccess: true } caller
                    ? "member:" + caller.Value.MemberId.Value
                    : null;
        }
    }

    /// <summary>
    /// SHA-256 of method, path, query and body. The body is buffered and rewound, so the function still binds it;
    /// at most the largest accepted JSON body (plus one byte) is read — a larger one is refused by the function anyway.
    /// </summary>
    private async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()} {request.Path.Value}{request.QueryString.Value}\n"));
        request.EnableBuffering();
        var limit = http.Value.MaxJsonBodyBytes + 1;
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            for (var total = 0; total < limit && (read = await request.Body.ReadAsync(chunk.AsMemory(0, Math.Min(chunk.Length, limit - total)), cancellationToken)) > 0; total += read)
            {
                hash.AppendData(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Executes the function's result into a buffer: what the client would have received, to store and send.</summary>
    private static async Task<StoredResponse> CaptureAsync(IActionResult result, HttpContext http)
    {
        var capture = new DefaultHttpContext { RequestServices = http.RequestServices, RequestAborted = http.RequestAborted };
        capture.Request.Method = http.Request.Method;
        capture.Request.Path = http.Request.Path;
        using var body = new MemoryStream();
        capture.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(capture, new Microsoft.AspNetCore.Routing.RouteData(),
            new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        var headers = capture.Response.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? string.Empty))).ToList();
        return new StoredResponse(capture.Response.StatusCode, headers, body.ToArray());
    }

    private static bool IsSetCookie(string header) => string.Equals(header, "Set-Cookie", StringComparison.OrdinalIgnoreCase);

    private async Task ReleaseQuietlyAsync(IdempotencyClaim claim)
    {
        try
        {
            await keys.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The lease runs out instead: the next repeat takes the key over and does the work.
            LogReleaseFailed(e, claim.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency record {RecordId} could not be released; it frees itself when its lease ends")]
    private partial void LogReleaseFailed(Exception exception, string recordId);

    /// <summary>
    /// Answers worth replaying: the operation's own outcome. Not 5xx or 429 (try again), nor 401/403: who may act is
    /// decided anew on every request (a withdrawal is keyed by its token before the session is checked), so a request
    /// refused as unauthenticated or cross-site is never answered that way again from the record.
    /// </summary>
    private static bool IsStorable(int status) =>
        status < 500 && status is not (StatusCodes.Status429TooManyRequests or StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden);
}
