using Festa.Stores.Tests.Contract;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Table;

public sealed class TableMemberStoreTests(TableStoreFixture fixture) : MemberStoreContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableSessionStoreTests(TableStoreFixture fixture) : SessionStoreContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableEventStoreTests(TableStoreFixture fixture) : EventStoreContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableSignUpStoreTests(TableStoreFixture fixture) : SignUpStoreContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableNotificationStoreTests(TableStoreFixture fixture) : NotificationStoreContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableSeatLedgerTests(TableStoreFixture fixture) : SeatLedgerContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableWaitlistLedgerTests(TableStoreFixture fixture) : WaitlistLedgerContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableRateLimitStoreTests(TableStoreFixture fixture) : RateLimitStoreContract(fixture), IClassFixture<TableStoreFixture>;

public sealed class TableOutboxStoreTests(TableStoreFixture fixture) : OutboxStoreContract(fixture), IClassFixture<TableStoreFixture>
{
    protected override async Task WriteInSeatBatchAsync(Festa.Core.Events.EventId eventId, Festa.Core.Notifications.Outbox.OutboxEntry entry) =>
        await fixture.Instance.Get<Festa.AzureStorage.Tables.FestaTables>().Events
            .SubmitTransactionAsync([Festa.AzureStorage.Tables.Outbox.TableOutbox.Upsert(eventId, entry)], Ct);
}

public sealed class TableIdempotencyStoreTests(TableStoreFixture fixture) : IdempotencyStoreContract(fixture), IClassFixture<TableStoreFixture>;
