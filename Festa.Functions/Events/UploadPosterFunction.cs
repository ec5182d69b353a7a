using System.Buffers;
using Festa.Core.Events.Posters;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

/// <summary>
/// Uploads (or replaces) an event's poster, by its host. Before a byte of the body is read: the caller must be
/// signed in, the declared <c>Content-Length</c> must be at most 5 MB (413), a body without one must be chunked
/// (otherwise 411 Length Required, RFC 9110 §15.5.12), and the caller must own the event (the handler reads the
/// body only then). The body is read in 64 KiB pooled chunks into a buffer that grows with what actually arrives,
/// never past the limit plus one byte, so neither a false <c>Content-Length</c> nor a chunked stream can make it
/// allocate or read more than that.
/// </summary>
public sealed class UploadPosterFunction(RequestAuthenticator auth, UploadPosterHandler handler)
{
    [Function("UploadPoster")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "events/{id}/poster")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            if (request.ContentLength > PosterErrors.MaxBytes)
            {
                return PosterErrors.TooLarge.ToProblem(request);
            }

            if (request.ContentLength is null && !IsChunked(request))
            {
                return Problems.Create(StatusCodes.Status411LengthRequired, "length-required", "The request needs a Content-Length.",
                    "Send the poster with Content-Length (or with Transfer-Encoding: chunked).", request);
            }

            var stored = await handler.HandleAsync(caller, id,
                ct => ReadCappedAsync(request.Body, request.ContentLength, PosterErrors.MaxBytes + 1, ct), cancellationToken);
            return stored.IsSuccess
                ? ApiResult.Empty(StatusCodes.Status204NoContent).WithHeader("ETag", stored.Value)
                : stored.Error!.ToProblem(request);
        }, cancellationToken);

    /// <summary>HTTP/1.1 chunked, or HTTP/2 and later, where a body's end is framed without a Content-Length.</summary>
    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase) ||
        HttpProtocol.IsHttp2(request.Protocol) || HttpProtocol.IsHttp3(request.Protocol);

    /// <summary>The body's first <paramref name="limit"/> bytes (all of it when shorter).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(Stream body, long? declaredLength, int limit, CancellationToken cancellationToken)
    {
        // The buffer is handed on as is (no copy); disposing a MemoryStream leaves its buffer intact.
        // Starts small whatever Content-Length claims; grows only with bytes that actually arrive.
        using var collected = new MemoryStream((int)Math.Min(declaredLength ?? 0, 64 * 1024));
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while (collected.Length < limit &&
                (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - collected.Length)), cancellationToken)) > 0)
            {
                collected.Write(chunk, 0, read);
            }

            return collected.GetBuffer().AsMemory(0, (int)collected.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
