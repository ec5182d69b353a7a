using Festa.Core.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Festa.Functions.Http.Pipeline;

/// <summary>
/// Sends a response captured by <see cref="IdempotencyStep"/> as it was first sent: status, headers, body bytes
/// (none for HEAD); with <c>Idempotent-Replayed: true</c> when it is a stored one sent again.
/// </summary>
internal sealed class StoredResponseResult(StoredResponse stored, bool replayed) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = stored.Status;
        foreach (var group in stored.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            response.Headers[group.Key] = group.Select(h => h.Value).ToArray();
        }

        if (replayed)
        {
            response.Headers[IdempotencyStep.ReplayedHeader] = "true";
        }

        if (stored.Body.Length > 0 && !HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(stored.Body, context.HttpContext.RequestAborted);
        }
    }
}
