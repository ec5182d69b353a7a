using Festa.Stores.Tests.Contract;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Cosmos;

// The same contract as Table Storage. On the local test server the tests that need transactional batch,
// TTL or ordered queries are skipped with that reason; with FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY all run.
public sealed class CosmosMemberStoreTests(CosmosStoreFixture fixture) : MemberStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosSessionStoreTests(CosmosStoreFixture fixture) : SessionStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosEventStoreTests(CosmosStoreFixture fixture) : EventStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosSignUpStoreTests(CosmosStoreFixture fixture) : SignUpStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosNotificationStoreTests(CosmosStoreFixture fixture) : NotificationStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosSeatLedgerTests(CosmosStoreFixture fixture) : SeatLedgerContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosWaitlistLedgerTests(CosmosStoreFixture fixture) : WaitlistLedgerContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosRateLimitStoreTests(CosmosStoreFixture fixture) : RateLimitStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosOutboxStoreTests(CosmosStoreFixture fixture) : OutboxStoreContract(fixture), IClassFixture<CosmosStoreFixture>
{
    protected override async Task WriteInSeatBatchAsync(Festa.Core.Events.EventId eventId, Festa.Core.Notifications.Outbox.OutboxEntry entry)
    {
        fixture.Require(StoreCapability.Transactions);
        var batch = fixture.Instance.Get<Festa.Cosmos.FestaContainers>().Events.CreateTransactionalBatch(new Microsoft.Azure.Cosmos.PartitionKey(eventId.Value));
        using var response = await Festa.Cosmos.Outbox.CosmosOutbox.Upsert(batch, eventId, entry).ExecuteAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
    }
}

public sealed class CosmosIdempotencyStoreTests(CosmosStoreFixture fixture) : IdempotencyStoreContract(fixture), IClassFixture<CosmosStoreFixture>;
