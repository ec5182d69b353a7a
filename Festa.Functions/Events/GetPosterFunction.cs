using Festa.Core.Events.Posters;
using Festa.Functions.Http;
using Festa.Functions.Http.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Festa.Functions.Events;

/// <summary>An event's poster, streamed from storage to any signed-in member; revalidated with its ETag.</summary>
public sealed class GetPosterFunction(RequestAuthenticator auth, GetPosterHandler handler)
{
    /// <summary>Only signed-in members see posters, so only their own browser may keep one, for five minutes.</summary>
    public const string CacheControl = "private, max-age=300";

    [Function("GetPoster")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "events/{id}/poster")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        auth.ForCallerAsync(request, async caller =>
        {
            var found = await handler.HandleAsync(caller, id, cancellationToken);
            if (found.Error is { } error)
            {
                return error.ToProblem(request);
            }

            var poster = found.Value;
            if (IsCurrent(request, poster.ETag))
            {
                await poster.DisposeAsync();
                return ApiResult.Empty(StatusCodes.Status304NotModified)
                    .WithHeader("ETag", poster.ETag).WithHeader("Cache-Control", CacheControl);
            }

            return new PosterResult(poster);
        }, cancellationToken);

    /// <summary>Whether the client's cached copy (If-None-Match) is this version.</summary>
    private static bool IsCurrent(HttpRequest request, string eTag) =>
        EntityTagHeaderValue.TryParse(eTag, out var current) &&
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags) &&
        tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));

    /// <summary>Copies the poster's bytes from storage to the response without holding them all.</summary>
    private sealed class PosterResult(StoredPoster poster) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            await using (poster)
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = poster.ContentType;
                response.ContentLength = poster.Length;
                response.Headers.ETag = poster.ETag;
                response.Headers.CacheControl = CacheControl;
                response.Headers.XContentTypeOptions = "nosniff";
                if (!HttpMethods.IsHead(context.HttpContext.Request.Method))
                {
                    await poster.Content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
                }
            }
        }
    }
}
