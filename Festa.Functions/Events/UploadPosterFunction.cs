using System.Buffers;
using Festa.Core.Events.Posters;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Festa.Functions.Events;

/// <summary>
/// Uploads (or replaces) an event's poster, by its host. The raw body is the image; at most one byte more than
/// the limit is ever read, so an oversized body costs no more memory than an accepted one.
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

            var content = await ReadCappedAsync(request.Body, request.ContentLength, PosterErrors.MaxBytes + 1, cancellationToken);
            var stored = await handler.HandleAsync(caller, id, content, cancellationToken);
            return stored.IsSuccess
                ? ApiResult.Empty(StatusCodes.Status204NoContent).WithHeader("ETag", stored.Value)
                : stored.Error!.ToProblem(request);
        }, cancellationToken);

    /// <summary>The body's first <paramref name="limit"/> bytes (all of it when shorter).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(Stream body, long? declaredLength, int limit, CancellationToken cancellationToken)
    {
        // The buffer is handed on as is (no copy); disposing a MemoryStream leaves its buffer intact.
        using var collected = new MemoryStream((int)Math.Min(declaredLength ?? 64 * 1024, limit));
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
