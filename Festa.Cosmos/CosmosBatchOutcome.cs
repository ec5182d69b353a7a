using System.Net;
using Festa.Cosmos.Events;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>
/// What a transactional batch's response says, in Festa's terms. When one operation fails the service
/// answers 207 and the SDK reports that operation's status on the batch, while every other operation
/// answers 424 Failed Dependency: that operation is <see cref="FailedIndex"/>. When the batch fails as a
/// whole (throttled, timed out, container missing) the SDK gives every operation the batch's status and
/// there is no 424: <see cref="FailedIndex"/> is -1. ("Transactional batch operations in Azure Cosmos DB",
/// learn.microsoft.com/azure/cosmos-db/nosql/transactional-batch.)
/// </summary>
/// <param name="FailedIndex">The operation that failed (0-based), or -1 on success or a batch-level failure.</param>
/// <param name="Status">The status of the failed operation, or of the batch.</param>
/// <param name="SubStatus">The batch's <c>x-ms-substatus</c> (e.g. 1003: container missing), 0 when absent.</param>
/// <param name="RetryAfter">When to try again (429), from the batch or the failed operation; null when not given.</param>
/// <param name="Failure">What the status means; a batch-level 404 is always <see cref="CosmosFailure.Fault"/>.</param>
internal readonly record struct CosmosBatchOutcome(int FailedIndex, HttpStatusCode Status, int SubStatus, TimeSpan? RetryAfter, CosmosFailure Failure)
{
    public bool Succeeded => Failure == CosmosFailure.None;

    /// <summary>Worth another attempt (after <see cref="RetryAfter"/> when given).</summary>
    public bool IsTransient => Failure.IsTransient();

    /// <summary>The batch may have committed although it reported a failure (timeout, 5xx): decide by what the request wrote.</summary>
    public bool MayHaveCommitted => !Succeeded && CosmosStatus.MayHaveCommitted(Status);

    /// <summary>True when operation <paramref name="index"/> failed with <paramref name="failure"/> (e.g. index 1, Rejected: the patch filter).</summary>
    public bool Is(int index, CosmosFailure failure) => FailedIndex == index && Failure == failure;

    public static CosmosBatchOutcome Of(TransactionalBatchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var subStatus = CosmosStatus.SubStatusOf(response.Headers);
        if (response.IsSuccessStatusCode)
        {
            return new CosmosBatchOutcome(-1, response.StatusCode, subStatus, null, CosmosFailure.None);
        }

        var index = -1;
        var dependents = 0;
        for (var i = 0; i < response.Count; i++)
        {
            var status = response[i].StatusCode;
            if (status == HttpStatusCode.FailedDependency)
            {
                dependents++;
            }
            else if (index < 0 && !response[i].IsSuccessStatusCode)
            {
                index = i;
            }
        }

        // Several operations and none of them 424: the service refused the batch as a whole.
        var batchLevel = index < 0 || (response.Count > 1 && dependents == 0);
        var failedStatus = batchLevel ? response.StatusCode : response[index].StatusCode;
        var failure = CosmosStatus.Classify(failedStatus, subStatus);
        if (batchLevel && failure == CosmosFailure.Missing)
        {
            failure = CosmosFailure.Fault; // 404 for the whole batch: the container (or database) is not there
        }

        var retryAfter = response.RetryAfter ?? (index >= 0 && response[index].RetryAfter > TimeSpan.Zero ? response[index].RetryAfter : null);
        return new CosmosBatchOutcome(batchLevel ? -1 : index, failedStatus, subStatus, retryAfter, failure);
    }

    /// <summary>The exception for a failure the caller does not handle; transient ones map to 503 "busy".</summary>
    public CosmosBatchException ToException(string? message) => new(Status, message, SubStatus, RetryAfter);
}
