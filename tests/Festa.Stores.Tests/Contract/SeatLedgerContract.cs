using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>
/// What every <see cref="ISeatLedger"/> must do, so that the one group-commit policy is right on every store: a commit
/// is all or nothing; a counter that moved or lacks room fails it; a member who holds a record fails it at that
/// claim's index; a full transaction fits the store's operation limit.
/// </summary>
public abstract class SeatLedgerContract(StoreFixture fixture)
{
    private ISeatLedger Ledger => fixture.Instance.Get<ISeatLedger>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static SeatClaim Claim(string? member = null) => new(UserId.FromTrusted(member ?? Seed.NewUserId()), Now, Guid.NewGuid().ToString("N"));

    private async Task<(FestaEvent Event, SeatLedgerState State)> CreateAsync(int capacity)
    {
        fixture.Require(StoreCapability.Transactions);
        var e = EventStoreContract.NewEvent(capacity);
        await fixture.Instance.Get<IEventStore>().CreateAsync(e, Ct);
        return (e, (await Ledger.ReadAsync(e.Id, Ct))!);
    }

    private static SeatCounter Roomiest(SeatLedgerState state) => state.Counters.MaxBy(c => c.Room)!;

    [Fact]
    public async Task A_commit_takes_its_seats_and_stores_each_claim_with_its_request_id()
    {
        var (e, state) = await CreateAsync(capacity: 4_000);
        Assert.Equal((4_000, 0), (state.SeatsLeft, state.SeatsTaken));
        var claims = Enumerable.Range(0, 5).Select(_ => Claim()).ToList();

        Assert.Equal(SeatCommit.Committed, await Ledger.CommitAsync(e.Id, Roomiest(state), claims, Ct));

        Assert.Equal(5, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
        foreach (var claim in claims)
        {
            var record = await Ledger.FindAsync(e.Id, claim.MemberId, Ct);
            Assert.Equal(claim.RequestId, record?.RequestId);
        }
    }

    [Fact]
    public async Task A_full_transaction_fits_the_stores_operation_limit()
    {
        var (e, state) = await CreateAsync(capacity: 4_000);
        var claims = Enumerable.Range(0, Ledger.MaxClaimsPerCommit).Select(_ => Claim()).ToList();
        Assert.InRange(Ledger.MaxClaimsPerCommit, 90, 99);

        Assert.Equal(SeatCommit.Committed, await Ledger.CommitAsync(e.Id, Roomiest(state), claims, Ct));
        Assert.Equal(Ledger.MaxClaimsPerCommit, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
    }

    [Fact]
    public async Task A_member_who_holds_a_record_fails_the_whole_commit_at_that_claim()
    {
        var (e, state) = await CreateAsync(capacity: 4_000);
        var holder = Claim();
        Assert.Equal(SeatCommit.Committed, await Ledger.CommitAsync(e.Id, Roomiest(state), [holder], Ct));
        state = (await Ledger.ReadAsync(e.Id, Ct))!;
        var others = new[] { Claim(), Claim() };

        var result = await Ledger.CommitAsync(e.Id, Roomiest(state), [others[0], holder with { RequestId = "again" }, others[1]], Ct);

        Assert.Equal(SeatCommit.ClaimExists(1), result);
        Assert.Equal(1, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
        Assert.Null(await Ledger.FindAsync(e.Id, others[0].MemberId, Ct));
        Assert.Equal(holder.RequestId, (await Ledger.FindAsync(e.Id, holder.MemberId, Ct))!.RequestId);
    }

    [Fact]
    public async Task A_counter_that_moved_or_lacks_room_fails_the_whole_commit()
    {
        var (e, stale) = await CreateAsync(capacity: 30);
        var counter = Roomiest(stale);
        Assert.Equal(SeatCommit.Committed, await Ledger.CommitAsync(e.Id, counter, [Claim()], Ct));

        var late = Claim();
        Assert.Equal(SeatCommit.CounterChanged, await Ledger.CommitAsync(e.Id, counter, [late], Ct));
        var fresh = (await Ledger.ReadAsync(e.Id, Ct))!;
        var tooMany = Enumerable.Range(0, Roomiest(fresh).Room + 1).Select(_ => Claim()).ToList();
        Assert.Equal(SeatCommit.CounterChanged, await Ledger.CommitAsync(e.Id, Roomiest(fresh), tooMany, Ct));

        Assert.Equal(1, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
        Assert.Null(await Ledger.FindAsync(e.Id, late.MemberId, Ct));
        Assert.Null(await Ledger.FindAsync(e.Id, tooMany[0].MemberId, Ct));
    }

    [Fact]
    public async Task A_release_gives_the_seat_back_only_for_the_record_as_read()
    {
        var (e, state) = await CreateAsync(capacity: 10);
        var claim = Claim();
        Assert.Equal(SeatCommit.Committed, await Ledger.CommitAsync(e.Id, Roomiest(state), [claim], Ct));
        var record = (await Ledger.FindAsync(e.Id, claim.MemberId, Ct))!;
        var occupied = (await Ledger.ReadAsync(e.Id, Ct))!.Counters.Single(c => c.Taken > 0);

        Assert.Equal(SeatCommit.Committed, await Ledger.ReleaseAsync(e.Id, occupied, record, Ct));
        Assert.Null(await Ledger.FindAsync(e.Id, claim.MemberId, Ct));
        var after = (await Ledger.ReadAsync(e.Id, Ct))!;
        Assert.Equal(0, after.SeatsTaken);

        // Released already: the record is gone, so nothing more is given back.
        Assert.NotEqual(SeatCommit.Committed, await Ledger.ReleaseAsync(e.Id, after.Counters[0], record, Ct));
        Assert.Equal(0, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
    }

    [Fact]
    public async Task The_member_index_is_written_before_a_seat_and_names_the_event()
    {
        var (e, _) = await CreateAsync(capacity: 10);
        var member = UserId.FromTrusted(Seed.NewUserId());
        Assert.False(await Ledger.IsIndexedAsync(member, e.Id, Ct));

        await Ledger.IndexAsync(member, e, Ct);

        Assert.True(await Ledger.IsIndexedAsync(member, e.Id, Ct));
        Assert.False(await Ledger.IsIndexedAsync(member, EventId.New(), Ct));
    }

    [Fact]
    public async Task A_missing_event_reads_as_null_and_cannot_be_committed_to()
    {
        var (_, other) = await CreateAsync(capacity: 30); // a counter as a store really writes it, of another event
        var missing = EventId.New();
        Assert.Null(await Ledger.ReadAsync(missing, Ct));
        Assert.Equal(SeatCommit.CounterChanged, await Ledger.CommitAsync(missing, Roomiest(other), [Claim()], Ct));
    }
}
