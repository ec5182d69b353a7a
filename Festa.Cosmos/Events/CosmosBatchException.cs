using System.Net;

namespace Festa.Cosmos.Events;

/// <summary>A transactional batch failed for a reason the store does not expect (a bug or a misconfiguration).</summary>
public sealed class CosmosBatchException(HttpStatusCode status, string? message)
    : Exception($"A Cosmos DB transactional batch failed with {(int)status}: {message}")
{
    public HttpStatusCode Status { get; } = status;
}
