using System.Net;

namespace Festa.Cosmos.Events;

/// <summary>
/// A transactional batch failed for a reason the store does not answer itself: throttling (429), a timeout (408)
/// or unavailability after the SDK's own retries — transient, see <see cref="CosmosTransientFailureClassifier"/> —
/// or something unexpected (a bug or a misconfiguration, such as a missing container: 404 on the batch).
/// </summary>
public sealed class CosmosBatchException(HttpStatusCode status, string? message, TimeSpan? retryAfter = null)
    : Exception($"A Cosmos DB transactional batch failed with {(int)status}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The service's advice when it throttled the batch (429), if any.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
