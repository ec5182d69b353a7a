using System.Net;
using Festa.Core.Events.SignUps.Ledger;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos.Events;

/// <summary>
/// Reads a seat batch's <see cref="TransactionalBatchResponse"/> (the narrow seam the tests drive with the SDK's own
/// response types, since the local test server has no transactional batch). Operation 0 is the counter's patch,
/// operations 1… the sign-up documents. In a failed batch the failing operation carries its status and the
/// others 424 Failed Dependency (Azure docs, "Transactional batch operations").
/// </summary>
internal static class CosmosSeatBatch
{
    public const int MaxOperations = 100;

    public const int CounterOperations = 1;

    /// <exception cref="CosmosBatchException">
    /// A fault the batch cannot answer: throttling or a timeout left after the SDK's own retries (transient: the
    /// store answers 503 with the service's <c>Retry-After</c>), or anything unexpected (not transient: a bug or a
    /// misconfiguration such as a missing container, never retried).
    /// </exception>
    public static SeatCommit Outcome(TransactionalBatchResponse response)
    {
        if (response.IsSuccessStatusCode)
        {
            return SeatCommit.Committed;
        }

        for (var i = 0; i < response.Count; i++)
        {
            var status = response[i].StatusCode;
            if (status == HttpStatusCode.FailedDependency || response[i].IsSuccessStatusCode)
            {
                continue;
            }

            switch (i, status)
            {
                case (0, HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound):
                    return SeatCommit.CounterChanged; // no room for all of them now, or the event is gone: read again
                case (>= CounterOperations, HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed):
                    return SeatCommit.ClaimExists(i - CounterOperations);
            }

            break;
        }

        throw new CosmosBatchException(response.StatusCode, response.ErrorMessage, response.RetryAfter);
    }
}
