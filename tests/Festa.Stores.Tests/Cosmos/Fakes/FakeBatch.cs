using System.Globalization;
using System.Net;
using Festa.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Festa.Stores.Tests.Cosmos.Fakes;

/// <summary>
/// Transactional batch responses built from the SDK's own types (their members are virtual), shaped as the
/// SDK shapes real ones: one failed operation → the batch carries its status and every other operation
/// answers 424; a batch-level failure → every operation carries the batch's status, no 424.
/// </summary>
internal static class FakeBatch
{
    public static TransactionalBatchResponse Succeeded(int operations) =>
        new Response(HttpStatusCode.OK, Enumerable.Repeat(HttpStatusCode.OK, operations), new Headers(), null);

    /// <summary>Operation <paramref name="index"/> failed (409, 412, 404, 429 …); the others did not run.</summary>
    public static TransactionalBatchResponse OperationFailed(int operations, int index, HttpStatusCode status, TimeSpan? retryAfter = null) =>
        new Response(status,
            Enumerable.Range(0, operations).Select(i => i == index ? status : HttpStatusCode.FailedDependency),
            new Headers(), null, index, retryAfter);

    /// <summary>The batch as a whole failed (408, 410, 429, 503, 404/1003 …).</summary>
    public static TransactionalBatchResponse BatchFailed(int operations, HttpStatusCode status, int subStatus = 0, TimeSpan? retryAfter = null)
    {
        var headers = new Headers();
        if (subStatus != 0)
        {
            headers[CosmosStatus.SubStatusHeader] = subStatus.ToString(CultureInfo.InvariantCulture);
        }

        return new Response(status, Enumerable.Repeat(status, operations), headers, retryAfter);
    }

    private sealed class Response : TransactionalBatchResponse
    {
        private readonly HttpStatusCode _status;
        private readonly List<TransactionalBatchOperationResult> _results;
        private readonly Headers _headers;
        private readonly TimeSpan? _retryAfter;

        public Response(HttpStatusCode status, IEnumerable<HttpStatusCode> operations, Headers headers, TimeSpan? retryAfter,
            int retryAfterIndex = -1, TimeSpan? operationRetryAfter = null)
        {
            _status = status;
            _headers = headers;
            _retryAfter = retryAfter;
            _results = operations.Select((s, i) => (TransactionalBatchOperationResult)new Result(s, i == retryAfterIndex ? operationRetryAfter : retryAfter)).ToList();
        }

        public override HttpStatusCode StatusCode => _status;

        public override bool IsSuccessStatusCode => (int)_status is >= 200 and < 300;

        public override Headers Headers => _headers;

        public override TimeSpan? RetryAfter => _retryAfter;

        public override string ErrorMessage => IsSuccessStatusCode ? null! : $"fake batch failure {(int)_status}";

        public override int Count => _results.Count;

        public override TransactionalBatchOperationResult this[int index] => _results[index];

        public override IEnumerator<TransactionalBatchOperationResult> GetEnumerator() => _results.GetEnumerator();
    }

    private sealed class Result(HttpStatusCode status, TimeSpan? retryAfter) : TransactionalBatchOperationResult
    {
        public override HttpStatusCode StatusCode => status;

        public override bool IsSuccessStatusCode => (int)status is >= 200 and < 300;

        public override TimeSpan RetryAfter => retryAfter ?? TimeSpan.Zero;
    }
}
