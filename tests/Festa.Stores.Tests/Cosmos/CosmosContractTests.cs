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

public sealed class CosmosRateLimitStoreTests(CosmosStoreFixture fixture) : RateLimitStoreContract(fixture), IClassFixture<CosmosStoreFixture>;

public sealed class CosmosIdempotencyStoreTests(CosmosStoreFixture fixture) : IdempotencyStoreContract(fixture), IClassFixture<CosmosStoreFixture>;
