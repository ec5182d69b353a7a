using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace Festa.Cosmos;

/// <summary>What a Cosmos DB status (with its sub-status) means for Festa; see <see cref="CosmosStatus.Classify(System.Net.HttpStatusCode, int)"/>.</summary>
public enum CosmosFailure
{
    /// <summary>2xx: the operation happened.</summary>
    None,

    /// <summary>404 with sub-status 0: the item does not exist. An answer, not an error.</summary>
    Missing,

    /// <summary>409 Conflict or 412 Precondition Failed (ETag or patch filter): an answer for the caller to act on.</summary>
    Rejected,

    /// <summary>424 Failed Dependency: an operation of a batch that did not run because another one failed.</summary>
    Dependent,

    /// <summary>429 Too Many Requests left over after the SDK's own retries; <c>RetryAfter</c> says when to come back.</summary>
    Throttled,

    /// <summary>Timeouts, unavailability, partition moves, read-session misses: try again.</summary>
    Transient,

    /// <summary>Anything else (400, 401/403, 413, a missing container or database): a bug or a misconfiguration, never retried.</summary>
    Fault,
}

/// <summary>
/// The one place that maps Cosmos DB status and sub-status codes to Festa's meaning. Sources: "HTTP Status
/// Codes for Azure Cosmos DB" (learn.microsoft.com/rest/api/cosmos-db/http-status-codes-for-cosmosdb) and
/// the SDK's <c>SubStatusCodes</c>: 404/1002 is "read session not available" (a replica has not caught up
/// with the session token; the item may well exist), 404/1003 "owner resource not found" (the container
/// or database is missing), only 404/0 means the item is not there.
/// </summary>
internal static class CosmosStatus
{
    public const string SubStatusHeader = "x-ms-substatus";

    /// <summary>404 sub-status: read session not available.</summary>
    public const int ReadSessionNotAvailable = 1002;

    /// <summary>404 sub-status: the container or database does not exist.</summary>
    public const int OwnerResourceNotFound = 1003;

    /// <summary>449 Retry With: a concurrent write conflicted inside the service; nothing was written.</summary>
    public const HttpStatusCode RetryWith = (HttpStatusCode)449;

    public static CosmosFailure Classify(HttpStatusCode status, int subStatus) => (int)status switch
    {
        >= 200 and < 300 => CosmosFailure.None,
        404 when subStatus == 0 => CosmosFailure.Missing,
        404 when subStatus == ReadSessionNotAvailable => CosmosFailure.Transient,
        404 => CosmosFailure.Fault,
        409 or 412 => CosmosFailure.Rejected,
        424 => CosmosFailure.Dependent,
        429 => CosmosFailure.Throttled,
        408 or 410 or 449 or 500 or 502 or 503 or 504 => CosmosFailure.Transient,
        _ => CosmosFailure.Fault,
    };

    public static bool IsTransient(this CosmosFailure failure) => failure is CosmosFailure.Throttled or CosmosFailure.Transient;

    /// <summary>
    /// Timeouts and gateway/server errors can come back after the service committed the write (the answer
    /// was lost, not the write): a retry must decide by what the request itself wrote. 429 and 449 never commit.
    /// </summary>
    public static bool MayHaveCommitted(HttpStatusCode status) => (int)status is 408 or 500 or 502 or 503 or 504;

    public static CosmosFailure Classify(this CosmosException e) => Classify(e.StatusCode, e.SubStatusCode);

    /// <summary>The exception says the item does not exist (404/0); a missing container is not that.</summary>
    public static bool IsMissing(this CosmosException e) => e.Classify() == CosmosFailure.Missing;

    /// <summary>The stream response says the item does not exist (404/0).</summary>
    public static bool IsMissing(ResponseMessage response) =>
        Classify(response.StatusCode, SubStatusOf(response.Headers)) == CosmosFailure.Missing;

    /// <summary>The <c>x-ms-substatus</c> header, 0 when absent.</summary>
    public static int SubStatusOf(Headers? headers) =>
        headers?[SubStatusHeader] is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
