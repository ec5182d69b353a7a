using Festa.Core.Members;
using Festa.Core.Events.SignUps.Ledger;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>The Cosmos query guard every test instance runs under: it judges what it should, and it is really in the pipeline.</summary>
public sealed class CosmosQueryGuardTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    [Theory]
    [InlineData("SELECT * FROM c WHERE c.pk = @pk AND c.id > @after AND c.id < @end ORDER BY c.id", "[\"e1\"]", null)]
    [InlineData("SELECT * FROM c WHERE c.pk = @pk AND (c.id = @event OR c.id = @signUp)", "[\"e1\"]", "OR")]
    [InlineData("SELECT * FROM c WHERE c.name = 'a or b'", "[\"e1\"]", null)]
    [InlineData("SELECT * FROM c WHERE c.read = false", null, "no partition key")]
    [InlineData("SELECT * FROM c WHERE c.kind = @kind AND c.id > @after ORDER BY c.kind, c.id", null, null)]
    public void Queries_are_judged(string sql, string? partitionKey, string? reason)
    {
        var verdict = CosmosQueryGuard.Verdict(sql, partitionKey);
        if (reason is null)
        {
            Assert.Null(verdict);
        }
        else
        {
            Assert.Contains(reason, verdict, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_guard_reads_the_queries_a_real_client_sends()
    {
        var before = CosmosQueryGuard.QueriesChecked;

        // "My sign-ups" reads the member's hints with one single-partition query (no ORDER BY, which the local server lacks).
        await fixture.Instance.Get<ISeatLedger>().ListOfMemberAsync(UserId.FromTrusted(Seed.NewUserId()), TestContext.Current.CancellationToken);

        Assert.True(CosmosQueryGuard.QueriesChecked > before, "the Cosmos client's queries never reached the guard");
    }
}
