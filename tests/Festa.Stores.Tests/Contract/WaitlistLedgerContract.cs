using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>
/// What every <see cref="IWaitlistLedger"/> must do: each write is one transaction that fails whole when the list
/// moved since it was read; a member waits at most once; a promotion moves a record out and one in (seats unchanged) or
/// takes free seats, removing exactly the promoted entries; positions are ranks among the entries left.
/// </summary>
public abstract class WaitlistLedgerContract(StoreFixture fixture)
{
    private ISeatLedger Seats => fixture.Instance.Get<ISeatLedger>();

    private IWaitlistLedger Ledger => (IWaitlistLedger)Seats;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static WaitingClaim Waiting() => new(UserId.FromTrusted(Seed.NewUserId()), Now, Guid.NewGuid().ToString("N"));

    /// <summary>A full event of <paramref name="capacity"/> seats and its state.</summary>
    private async Task<(FestaEvent Event, List<SeatClaim> Participants)> FullEventAsync(int capacity = 2)
    {
        fixture.Require(StoreCapability.Transactions);
        var e = EventStoreContract.NewEvent(capacity);
        await fixture.Instance.Get<IEventStore>().CreateAsync(e, Ct);
        var state = (await Seats.ReadAsync(e.Id, Ct))!;
        var participants = new List<SeatClaim>();
        foreach (var counter in state.Counters)
        {
            var claims = Enumerable.Range(0, counter.Room).Select(_ => new SeatClaim(UserId.FromTrusted(Seed.NewUserId()), Now, "r")).ToList();
            Assert.Equal(SeatCommit.Committed, await Seats.CommitAsync(e.Id, counter, claims, Ct));
            participants.AddRange(claims);
        }

        return (e, participants);
    }

    private async Task<WaitlistState> ListOf(EventId id) => (await Seats.ReadAsync(id, Ct))!.Waitlist!;

    private async Task<List<WaitingClaim>> JoinAsync(EventId id, int count)
    {
        var joined = new List<WaitingClaim>();
        for (var i = 0; i < count; i++)
        {
            var claim = Waiting();
            Assert.Equal(WaitlistCommit.Committed, await Ledger.JoinAsync(id, await ListOf(id), claim, Ct));
            joined.Add(claim);
        }

        return joined;
    }

    [Fact]
    public async Task A_new_event_has_an_empty_list_and_joins_take_increasing_sequences_with_dense_positions()
    {
        var (e, _) = await FullEventAsync();
        Assert.Equal((0L, 0), ((await ListOf(e.Id)).Next, (await ListOf(e.Id)).Length));

        var joined = await JoinAsync(e.Id, 3);

        Assert.Equal((3L, 3), ((await ListOf(e.Id)).Next, (await ListOf(e.Id)).Length));
        for (var i = 0; i < joined.Count; i++)
        {
            var entry = (await Ledger.FindWaitingAsync(e.Id, joined[i].MemberId, Ct))!;
            Assert.Equal((i, joined[i].RequestId), (entry.Sequence, entry.RequestId));
            Assert.Equal(i + 1, await Ledger.PositionAsync(e.Id, entry, Ct));
        }

        var page = await Ledger.ListWaitingAsync(e.Id, null, 2, Ct);
        Assert.Equal(joined.Take(2).Select(j => j.MemberId), page.Items.Select(w => w.MemberId));
        Assert.Equal([joined[2].MemberId], (await Ledger.ListWaitingAsync(e.Id, page.After, 2, Ct)).Items.Select(w => w.MemberId));
    }

    [Fact]
    public async Task A_join_on_a_stale_list_or_by_a_member_who_waits_writes_nothing()
    {
        var (e, _) = await FullEventAsync();
        var stale = await ListOf(e.Id);
        var first = (await JoinAsync(e.Id, 1))[0];

        Assert.Equal(WaitlistCommit.Changed, await Ledger.JoinAsync(e.Id, stale, Waiting(), Ct));
        Assert.Equal(WaitlistCommit.EntryExists, await Ledger.JoinAsync(e.Id, await ListOf(e.Id), first with { RequestId = "again" }, Ct));
        Assert.Equal(1, (await ListOf(e.Id)).Length);
    }

    [Fact]
    public async Task Leaving_removes_the_entry_and_the_positions_behind_move_up()
    {
        var (e, _) = await FullEventAsync();
        var joined = await JoinAsync(e.Id, 3);
        var first = (await Ledger.FindWaitingAsync(e.Id, joined[0].MemberId, Ct))!;

        Assert.Equal(WaitlistCommit.Committed, await Ledger.LeaveAsync(e.Id, await ListOf(e.Id), first, Ct));

        Assert.Null(await Ledger.FindWaitingAsync(e.Id, joined[0].MemberId, Ct));
        Assert.Equal(2, (await ListOf(e.Id)).Length);
        Assert.Equal(1, await Ledger.PositionAsync(e.Id, (await Ledger.FindWaitingAsync(e.Id, joined[1].MemberId, Ct))!, Ct));
        Assert.Equal(2, await Ledger.PositionAsync(e.Id, (await Ledger.FindWaitingAsync(e.Id, joined[2].MemberId, Ct))!, Ct));
        Assert.NotEqual(WaitlistCommit.Committed, await Ledger.LeaveAsync(e.Id, await ListOf(e.Id), first, Ct));
    }

    [Fact]
    public async Task A_cancel_with_promotion_swaps_one_record_for_the_heads_and_keeps_the_seats()
    {
        var (e, participants) = await FullEventAsync();
        var joined = await JoinAsync(e.Id, 2);
        var leaving = (await Seats.FindAsync(e.Id, participants[0].MemberId, Ct))!;
        var head = (await Ledger.ListWaitingAsync(e.Id, null, 1, Ct)).Items.Single();
        var promotion = Promotion.Of(e.Id, head, Now);

        Assert.Equal(WaitlistCommit.Committed, await Ledger.ReleaseAndPromoteAsync(e.Id, leaving, await ListOf(e.Id), promotion, Ct));

        var state = (await Seats.ReadAsync(e.Id, Ct))!;
        Assert.Equal((2, 1), (state.SeatsTaken, state.Waiting));
        Assert.Null(await Seats.FindAsync(e.Id, participants[0].MemberId, Ct));
        Assert.Equal(promotion.PromotionId, (await Seats.FindAsync(e.Id, joined[0].MemberId, Ct))!.RequestId);
        Assert.Null(await Ledger.FindWaitingAsync(e.Id, joined[0].MemberId, Ct));
        Assert.Equal(1, await Ledger.PositionAsync(e.Id, (await Ledger.FindWaitingAsync(e.Id, joined[1].MemberId, Ct))!, Ct));

        // The same promotion again (a stale read): the head's entry is gone, nothing is written.
        var other = (await Seats.FindAsync(e.Id, participants[1].MemberId, Ct))!;
        Assert.Equal(WaitlistCommit.Changed, await Ledger.ReleaseAndPromoteAsync(e.Id, other, await ListOf(e.Id), promotion, Ct));
        Assert.NotNull(await Seats.FindAsync(e.Id, participants[1].MemberId, Ct));
    }

    [Fact]
    public async Task A_head_who_holds_a_seat_fails_the_promotion_at_its_record()
    {
        var (e, participants) = await FullEventAsync();
        var list = await ListOf(e.Id);
        var both = new WaitingClaim(participants[1].MemberId, Now, "both"); // signed up and waiting (a join racing a sign-up)
        Assert.Equal(WaitlistCommit.Committed, await Ledger.JoinAsync(e.Id, list, both, Ct));
        var leaving = (await Seats.FindAsync(e.Id, participants[0].MemberId, Ct))!;
        var head = (await Ledger.ListWaitingAsync(e.Id, null, 1, Ct)).Items.Single();

        Assert.Equal(WaitlistCommit.RecordExists(0), await Ledger.ReleaseAndPromoteAsync(e.Id, leaving, await ListOf(e.Id), Promotion.Of(e.Id, head, Now), Ct));
        Assert.NotNull(await Seats.FindAsync(e.Id, participants[0].MemberId, Ct));
        Assert.Equal(1, (await ListOf(e.Id)).Length);
    }

    [Fact]
    public async Task A_release_while_nobody_waits_fails_once_someone_joined()
    {
        var (e, participants) = await FullEventAsync();
        var state = (await Seats.ReadAsync(e.Id, Ct))!;
        var record = (await Seats.FindAsync(e.Id, participants[0].MemberId, Ct))!;
        var occupied = state.Counters.First(c => c.Taken > 0);

        await JoinAsync(e.Id, 1);
        Assert.Equal(SeatCommit.CounterChanged, await Ledger.ReleaseAsync(e.Id, occupied, record, state.Waitlist!, Ct));
        Assert.NotNull(await Seats.FindAsync(e.Id, participants[0].MemberId, Ct));

        var waiting = (await Ledger.ListWaitingAsync(e.Id, null, 1, Ct)).Items.Single();
        Assert.Equal(WaitlistCommit.Committed, await Ledger.LeaveAsync(e.Id, await ListOf(e.Id), waiting, Ct));
        var fresh = (await Seats.ReadAsync(e.Id, Ct))!;
        Assert.Equal(SeatCommit.Committed, await Ledger.ReleaseAsync(e.Id, fresh.Counters.First(c => c.Taken > 0), record, fresh.Waitlist!, Ct));
        Assert.Equal((1, 0), ((await Seats.ReadAsync(e.Id, Ct))!.SeatsTaken, (await Seats.ReadAsync(e.Id, Ct))!.Waiting));
    }

    [Fact]
    public async Task A_join_that_read_a_full_event_before_a_capacity_raise_fails_whole()
    {
        var (e, _) = await FullEventAsync(capacity: 2);
        var before = await ListOf(e.Id);
        var basis = (await fixture.Instance.Get<IEventStore>().FindAsync(e.Id, null, Ct))!;
        Assert.Equal(UpdateEventOutcome.Updated, await fixture.Instance.Get<IEventStore>().UpdateAsync(basis.Event with { Capacity = 3 }, basis, null, Ct));

        // The raise freed a seat: a join decided on the old read must not leave its member waiting behind it.
        Assert.Equal(WaitlistCommit.Changed, await Ledger.JoinAsync(e.Id, before, Waiting(), Ct));
        Assert.Equal((2, 0), ((await Seats.ReadAsync(e.Id, Ct))!.SeatsTaken, (await Seats.ReadAsync(e.Id, Ct))!.Waiting));
    }

    [Fact]
    public async Task Free_seats_go_to_the_head_in_order_and_never_beyond_the_room()
    {
        var (e, _) = await FullEventAsync(capacity: 2);
        var joined = await JoinAsync(e.Id, 3);
        var basis = (await fixture.Instance.Get<IEventStore>().FindAsync(e.Id, null, Ct))!;
        Assert.Equal(UpdateEventOutcome.Updated, await fixture.Instance.Get<IEventStore>().UpdateAsync(basis.Event with { Capacity = 4 }, basis, null, Ct));

        // The decorated store promoted already; the ledger alone: nothing left to do, and a stale promotion fails whole.
        var state = (await Seats.ReadAsync(e.Id, Ct))!;
        Assert.Equal((4, 1), (state.SeatsTaken, state.Waiting));
        Assert.NotNull(await Seats.FindAsync(e.Id, joined[0].MemberId, Ct));
        Assert.NotNull(await Seats.FindAsync(e.Id, joined[1].MemberId, Ct));
        Assert.Null(await Seats.FindAsync(e.Id, joined[2].MemberId, Ct));
        var last = (await Ledger.ListWaitingAsync(e.Id, null, 1, Ct)).Items.Single();
        var full = state.Counters.MaxBy(c => c.Room)!;
        Assert.Equal(WaitlistCommit.Changed, await Ledger.PromoteAsync(e.Id, full, state.Waitlist!, [Promotion.Of(e.Id, last, Now)], Ct));
        Assert.Equal(1, (await Seats.ReadAsync(e.Id, Ct))!.Waiting);
    }

    [Fact]
    public async Task The_members_hints_list_their_places_and_clearing_removes_every_entry()
    {
        var (e, _) = await FullEventAsync();
        var joined = await JoinAsync(e.Id, 2);
        await Ledger.IndexWaitingAsync(joined[1].MemberId, e, Ct);

        var mine = await Ledger.ListWaitingOfMemberAsync(joined[1].MemberId, Ct);
        Assert.Equal([(e.Id, 1L)], mine.Select(m => (m.Event.Id, m.Entry.Sequence)));

        Assert.Equal(joined.Select(j => j.MemberId), await Ledger.ClearAsync(e.Id, Ct));
        Assert.Empty((await Ledger.ListWaitingAsync(e.Id, null, 10, Ct)).Items);
        Assert.Empty(await Ledger.ListWaitingOfMemberAsync(joined[1].MemberId, Ct));
    }
}
