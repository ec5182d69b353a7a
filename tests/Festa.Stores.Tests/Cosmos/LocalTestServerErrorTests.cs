using System.Net;
using System.Text;
using Festa.Cosmos;
using Festa.Cosmos.Connection;
using Festa.TestSupport;
using Microsoft.Azure.Cosmos;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// On the local Cosmos DB test server only its own "missing item" 500 reads as "not found"; any other 500 is a
/// fault that surfaces, so an "is absent" assertion cannot be passed by a server failure.
/// </summary>
public sealed class LocalTestServerErrorTests(CosmosStoreFixture store) : IClassFixture<CosmosStoreFixture>
{
    private static ResponseMessage Response(HttpStatusCode status, string body) =>
        new(status) { Content = new MemoryStream(Encoding.UTF8.GetBytes(body)) };

    [Fact]
    public void Only_the_servers_missing_item_error_means_missing()
    {
        Assert.True(LocalTestServerErrors.IsMissingItem(Response(HttpStatusCode.InternalServerError,
            """{"message":"Cannot read properties of undefined (reading 'pk')"}""")));

        Assert.False(LocalTestServerErrors.IsMissingItem(Response(HttpStatusCode.InternalServerError, """{"message":"parent is missing"}""")));
        Assert.False(LocalTestServerErrors.IsMissingItem(Response(HttpStatusCode.InternalServerError, "")));
        Assert.False(LocalTestServerErrors.IsMissingItem(new ResponseMessage(HttpStatusCode.InternalServerError)));
        Assert.False(LocalTestServerErrors.IsMissingItem(Response(HttpStatusCode.ServiceUnavailable,
            """{"message":"Cannot read properties of undefined (reading 'pk')"}""")));
    }

    [Fact]
    public async Task The_server_answers_a_read_of_a_missing_item_with_exactly_that_error()
    {
        var containers = store.Instance.Get<FestaContainers>();

        using var response = await containers.Members.ReadItemStreamAsync("nobody", new PartitionKey("nobody"),
            cancellationToken: TestContext.Current.CancellationToken);

        if (TestCosmos.IsReal)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // a real account says 404
        }
        else
        {
            Assert.True(LocalTestServerErrors.IsMissingItem(response), $"{(int)response.StatusCode} {response.ErrorMessage}");
        }
    }
}
