using System.Net;
using Festa.Cosmos;
using Festa.Cosmos.Events;
using Microsoft.Azure.Cosmos;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// Every branch of the Cosmos status mapping (<see cref="CosmosStatus"/>, the transient-failure classifier),
/// fed with the SDK's own exception and response types, as the local test server cannot produce them.
/// </summary>
public sealed class CosmosErrorMappingTests
{
    [Theory]
    [InlineData(200, 0, CosmosFailure.None)]
    [InlineData(201, 0, CosmosFailure.None)]
    [InlineData(204, 0, CosmosFailure.None)]
    [InlineData(404, 0, CosmosFailure.Missing)]
    [InlineData(404, CosmosStatus.ReadSessionNotAvailable, CosmosFailure.Transient)]
    [InlineData(404, CosmosStatus.OwnerResourceNotFound, CosmosFailure.Fault)]
    [InlineData(409, 0, CosmosFailure.Rejected)]
    [InlineData(412, 0, CosmosFailure.Rejected)]
    [InlineData(424, 0, CosmosFailure.Dependent)]
    [InlineData(429, 3200, CosmosFailure.Throttled)]
    [InlineData(408, 0, CosmosFailure.Transient)]
    [InlineData(410, 1002, CosmosFailure.Transient)]
    [InlineData(449, 0, CosmosFailure.Transient)]
    [InlineData(500, 0, CosmosFailure.Transient)]
    [InlineData(502, 0, CosmosFailure.Transient)]
    [InlineData(503, 0, CosmosFailure.Transient)]
    [InlineData(504, 0, CosmosFailure.Transient)]
    [InlineData(400, 0, CosmosFailure.Fault)]
    [InlineData(401, 0, CosmosFailure.Fault)]
    [InlineData(403, 0, CosmosFailure.Fault)]
    [InlineData(413, 0, CosmosFailure.Fault)]
    public void Each_status_and_sub_status_has_one_meaning(int status, int subStatus, CosmosFailure expected)
    {
        Assert.Equal(expected, CosmosStatus.Classify((HttpStatusCode)status, subStatus));
        Assert.Equal(expected, new CosmosException("x", (HttpStatusCode)status, subStatus, "activity", 1).Classify());
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(429, false)]
    [InlineData(449, false)]
    [InlineData(410, false)]
    [InlineData(412, false)]
    public void Only_timeouts_and_server_errors_may_have_committed(int status, bool mayHaveCommitted) =>
        Assert.Equal(mayHaveCommitted, CosmosStatus.MayHaveCommitted((HttpStatusCode)status));

    [Fact]
    public void Only_404_with_sub_status_0_means_the_item_is_missing()
    {
        Assert.True(new CosmosException("gone", HttpStatusCode.NotFound, 0, "a", 1).IsMissing());
        Assert.False(new CosmosException("lagging replica", HttpStatusCode.NotFound, CosmosStatus.ReadSessionNotAvailable, "a", 1).IsMissing());
        Assert.False(new CosmosException("no container", HttpStatusCode.NotFound, CosmosStatus.OwnerResourceNotFound, "a", 1).IsMissing());
        Assert.False(new CosmosException("taken", HttpStatusCode.Conflict, 0, "a", 1).IsMissing());
    }

    [Fact]
    public void A_stream_response_is_missing_only_with_404_and_no_sub_status()
    {
        using var missing = new ResponseMessage(HttpStatusCode.NotFound);
        using var lagging = new ResponseMessage(HttpStatusCode.NotFound);
        lagging.Headers[CosmosStatus.SubStatusHeader] = "1002";
        using var noContainer = new ResponseMessage(HttpStatusCode.NotFound);
        noContainer.Headers[CosmosStatus.SubStatusHeader] = "1003";
        using var found = new ResponseMessage(HttpStatusCode.OK);

        Assert.True(CosmosStatus.IsMissing(missing));
        Assert.False(CosmosStatus.IsMissing(lagging));
        Assert.False(CosmosStatus.IsMissing(noContainer));
        Assert.False(CosmosStatus.IsMissing(found));

        // What ReadAsync does with the 1002 answer: it throws, and the exception is transient (503), not "missing" (401 / 404).
        var thrown = Assert.Throws<CosmosException>(() => lagging.EnsureSuccessStatusCode());
        Assert.Equal(CosmosStatus.ReadSessionNotAvailable, thrown.SubStatusCode);
        Assert.True(new CosmosTransientFailureClassifier().IsTransient(thrown));
    }

    [Fact]
    public void The_sub_status_header_reads_as_0_when_absent_or_unreadable()
    {
        var headers = new Headers();
        Assert.Equal(0, CosmosStatus.SubStatusOf(headers));
        Assert.Equal(0, CosmosStatus.SubStatusOf(null));
        headers[CosmosStatus.SubStatusHeader] = "not-a-number";
        Assert.Equal(0, CosmosStatus.SubStatusOf(headers));
        headers[CosmosStatus.SubStatusHeader] = "1003";
        Assert.Equal(1003, CosmosStatus.SubStatusOf(headers));
    }

    [Fact]
    public void Throttling_timeouts_and_unavailability_are_transient_faults_are_not()
    {
        var classifier = new CosmosTransientFailureClassifier();

        Assert.True(classifier.IsTransient(new CosmosException("throttled", HttpStatusCode.TooManyRequests, 3200, "a", 1)));
        Assert.True(classifier.IsTransient(new CosmosException("timeout", HttpStatusCode.RequestTimeout, 0, "a", 1)));
        Assert.True(classifier.IsTransient(new CosmosException("lagging replica", HttpStatusCode.NotFound, 1002, "a", 1)));
        Assert.False(classifier.IsTransient(new CosmosException("no container", HttpStatusCode.NotFound, 1003, "a", 1)));
        Assert.False(classifier.IsTransient(new CosmosException("bad request", HttpStatusCode.BadRequest, 0, "a", 1)));

        Assert.True(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.Gone, "moved", 1002)));
        Assert.True(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.InternalServerError, "oops")));
        Assert.True(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.BadGateway, "oops")));
        Assert.True(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.GatewayTimeout, "oops")));
        Assert.True(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.TooManyRequests, "busy", 3200, TimeSpan.FromSeconds(1))));
        Assert.False(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.NotFound, "no container", CosmosStatus.OwnerResourceNotFound)));
        Assert.False(classifier.IsTransient(new CosmosBatchException(HttpStatusCode.RequestEntityTooLarge, "too big")));

        Assert.True(classifier.IsTransient(new HttpRequestException("reset")));
        Assert.True(classifier.IsTransient(new TimeoutException()));
        Assert.True(classifier.IsTransient(new AggregateException(new InvalidOperationException(), new TimeoutException())));
        Assert.False(classifier.IsTransient(new AggregateException(new InvalidOperationException())));
        Assert.False(classifier.IsTransient(new InvalidOperationException()));
    }
}
