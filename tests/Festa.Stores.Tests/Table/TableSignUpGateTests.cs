using Azure.Data.Tables;
using Festa.AzureStorage.Tables;
using Festa.Core.Events;
using Festa.Core.Events.SignUps;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Festa.Core.Notifications.Outbox;
using Festa.Stores.Tests.Contract;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Table;

/// <summary>
/// The sign-up gate on Table Storage (<see cref="ISignUpGate"/>, docs/concurrency.md "Withdrawal"): a hint goes through
/// the gate only while it is open; a closed gate never opens again; a guard makes a later seat commit fail, takes no
/// seat, is never a participant or a viewer's seat, and is removed with a deleted event — all on real Azurite.
/// </summary>
public sealed class TableSignUpGateTests(TableStoreFixture fixture) : IClassFixture<TableStoreFixture>
{
    private ISeatLedger Ledger => fixture.Instance.Get<ISeatLedger>();

    private ISignUpGate Gate => fixture.Instance.Get<ISignUpGate>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserId NewMember() => UserId.FromTrusted(Seed.NewUserId());

    private async Task<FestaEvent> CreateAsync(int capacity = 10)
    {
        var e = EventStoreContract.NewEvent(capacity);
        await fixture.Instance.Get<IEventStore>().CreateAsync(e, Ct);
        return e;
    }

    private async Task<SeatCommit> CommitAsync(FestaEvent e, params UserId[] members)
    {
        var state = (await Ledger.ReadAsync(e.Id, Ct))!;
        var claims = members.Select(m => new SeatClaim(m, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"))).ToList();
        return await Ledger.CommitAsync(e.Id, state.Counters.MaxBy(c => c.Room)!, claims, Ct);
    }

    [Fact]
    public async Task A_gate_opens_once_and_a_hint_goes_through_it_while_open()
    {
        var member = NewMember();
        var e = await CreateAsync();

        Assert.True(await Gate.OpenAsync(member, Ct));
        Assert.False(await Gate.OpenAsync(member, Ct));
        Assert.Equal(HintWrite.Gated, await Ledger.IndexAsync(member, e, Ct));
        Assert.True(await Ledger.IsIndexedAsync(member, e.Id, Ct));
    }

    [Fact]
    public async Task A_closed_gate_never_opens_again_and_refuses_every_hint()
    {
        var member = NewMember();
        var e = await CreateAsync();
        await Gate.OpenAsync(member, Ct);

        await Gate.CloseAsync(member, Ct);
        await Gate.CloseAsync(member, Ct); // idempotent

        Assert.False(await Gate.OpenAsync(member, Ct));
        Assert.Equal(HintWrite.GateClosed, await Ledger.IndexAsync(member, e, Ct));
        Assert.False(await Ledger.IsIndexedAsync(member, e.Id, Ct));
    }

    [Fact]
    public async Task A_member_from_before_gates_gets_one_on_the_first_hint_but_not_after_a_close()
    {
        var e = await CreateAsync();
        var legacy = NewMember();
        Assert.Equal(HintWrite.Gated, await Ledger.IndexAsync(legacy, e, Ct));

        var leaving = NewMember();
        await Gate.CloseAsync(leaving, Ct); // closed without ever being opened: it stays closed
        Assert.Equal(HintWrite.GateClosed, await Ledger.IndexAsync(leaving, e, Ct));
        Assert.False(await Gate.OpenAsync(leaving, Ct));
    }

    [Fact]
    public async Task A_guard_fails_a_later_seat_commit_as_a_whole_and_is_no_seat_and_no_participant()
    {
        var e = await CreateAsync(capacity: 10);
        var leaving = NewMember();
        var other = NewMember();
        Assert.Equal(HintWrite.Gated, await Ledger.IndexAsync(leaving, e, Ct));
        await Gate.CloseAsync(leaving, Ct);
        Assert.Contains(e.Id, await Gate.ListHintedAsync(leaving, Ct));

        Assert.Equal(GuardOutcome.Guarded, await Gate.GuardAsync(e.Id, leaving, Ct));
        Assert.Equal(GuardOutcome.Guarded, await Gate.GuardAsync(e.Id, leaving, Ct)); // idempotent

        // The seat batch that carries the leaving member fails at that claim, and writes nothing for anyone.
        Assert.Equal(SeatCommit.ClaimExists(1), await CommitAsync(e, other, leaving));
        Assert.Equal(0, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
        Assert.Null(await Ledger.FindAsync(e.Id, leaving, Ct));
        Assert.True(await Gate.IsGuardedAsync(e.Id, leaving, Ct));
        Assert.False(await Gate.IsGuardedAsync(e.Id, other, Ct));

        Assert.Equal(SeatCommit.Committed, await CommitAsync(e, other));
        var participants = await Ledger.ListParticipantsAsync(e.Id, null, 10, Ct);
        Assert.Equal([other], participants.Items.Select(p => p.MemberId));
        var page = await fixture.Instance.Get<IEventStore>().FindAsync(e.Id, leaving, Ct);
        Assert.Equal((1, (DateTimeOffset?)null), (page!.SeatsTaken, page.ViewerSignedUpAt));
    }

    [Fact]
    public async Task A_held_seat_is_not_guarded_and_a_deleted_event_gets_no_guard()
    {
        var e = await CreateAsync();
        var member = NewMember();
        Assert.Equal(SeatCommit.Committed, await CommitAsync(e, member));
        Assert.Equal(GuardOutcome.SeatHeld, await Gate.GuardAsync(e.Id, member, Ct));
        Assert.NotNull(await Ledger.FindAsync(e.Id, member, Ct));

        var gone = EventId.New();
        Assert.Equal(GuardOutcome.EventGone, await Gate.GuardAsync(gone, member, Ct));
        var rows = fixture.Instance.Get<FestaTables>().Events.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {gone.Value}"), cancellationToken: Ct);
        Assert.Empty(await rows.ToListAsync(Ct));
    }

    [Fact]
    public async Task A_deleted_events_seat_listing_tells_only_seat_holders_and_removes_guards()
    {
        var e = await CreateAsync();
        var seated = NewMember();
        var leaving = NewMember();
        Assert.Equal(SeatCommit.Committed, await CommitAsync(e, seated));
        Assert.Equal(GuardOutcome.Guarded, await Gate.GuardAsync(e.Id, leaving, Ct));

        var outbox = fixture.Instance.Get<IOutboxStore>();
        Assert.Equal([seated], await outbox.ReadSeatsOfDeletedAsync(e.Id, 100, Ct));
        Assert.False(await Gate.IsGuardedAsync(e.Id, leaving, Ct));
    }

    [Fact]
    public async Task A_deleted_events_seat_row_awaiting_the_outbox_does_not_hold_up_a_withdrawal()
    {
        var e = await CreateAsync();
        var member = NewMember();
        Assert.Equal(HintWrite.Gated, await Ledger.IndexAsync(member, e, Ct));
        Assert.Equal(SeatCommit.Committed, await CommitAsync(e, member));
        await fixture.Instance.Get<IEventStore>().DeleteAsync(e, OutboxEntry.EventDeleted(e, DateTimeOffset.UtcNow), Ct);
        await Gate.CloseAsync(member, Ct);

        Assert.Equal(GuardOutcome.EventGone, await Gate.GuardAsync(e.Id, member, Ct));
        var step = new FreeSeatsOnWithdrawal(fixture.Instance.Get<ISignUpStore>(), TimeProvider.System, Gate);
        Assert.True(await step.RunAsync(member, Ct));
    }

    [Fact]
    public async Task A_withdrawing_member_whose_join_committed_late_is_dropped_from_the_list_not_promoted()
    {
        // Found in review: a join that passed its session check before the withdrawal commits its place after the
        // withdrawal left the waiting lists and freed the seats; a cancel then promotes the head.
        var e = await CreateAsync(capacity: 1);
        var other = NewMember();
        var leaving = NewMember();
        await Gate.OpenAsync(leaving, Ct);
        Assert.Equal(SeatCommit.Committed, await CommitAsync(e, other));
        await Gate.CloseAsync(leaving, Ct);
        var step = new FreeSeatsOnWithdrawal(fixture.Instance.Get<ISignUpStore>(), TimeProvider.System, Gate);
        Assert.True(await step.RunAsync(leaving, Ct));

        var waitlist = (IWaitlistLedger)Ledger;
        await waitlist.IndexWaitingAsync(leaving, e, Ct);
        var state = (await Ledger.ReadAsync(e.Id, Ct))!;
        Assert.Equal(WaitlistCommit.Committed, await waitlist.JoinAsync(e.Id, state.Waitlist!, new WaitingClaim(leaving, DateTimeOffset.UtcNow, "join-1"), Ct));

        var signUps = fixture.Instance.Get<ISignUpStore>();
        Assert.Equal(CancelOutcome.Cancelled, await signUps.CancelAsync(e.Id, other, DateTimeOffset.UtcNow, Ct));

        Assert.Null(await Ledger.FindAsync(e.Id, leaving, Ct));
        Assert.Null(await waitlist.FindWaitingAsync(e.Id, leaving, Ct));
        Assert.Equal(0, (await Ledger.ReadAsync(e.Id, Ct))!.SeatsTaken);
    }

    [Fact]
    public async Task Free_seats_skip_a_withdrawing_head_and_go_to_the_next_member_waiting()
    {
        // The capacity-raise path (PromoteFreeSeatsAsync): free seats while members wait, the head withdrawing.
        var e = await CreateAsync(capacity: 1);
        var other = NewMember();
        var leaving = NewMember();
        var next = NewMember();
        await Gate.OpenAsync(leaving, Ct);
        await Gate.OpenAsync(next, Ct);
        Assert.Equal(SeatCommit.Committed, await CommitAsync(e, other));
        await Gate.CloseAsync(leaving, Ct);

        var waitlist = (IWaitlistLedger)Ledger;
        foreach (var (member, i) in new[] { leaving, next }.Select((m, i) => (m, i)))
        {
            await waitlist.IndexWaitingAsync(member, e, Ct);
            var read = (await Ledger.ReadAsync(e.Id, Ct))!;
            Assert.Equal(WaitlistCommit.Committed, await waitlist.JoinAsync(e.Id, read.Waitlist!, new WaitingClaim(member, DateTimeOffset.UtcNow, $"join-{i}"), Ct));
        }

        // A seat comes free without the list moving (as after a capacity raise): two waiting, one seat left.
        var full = (await Ledger.ReadAsync(e.Id, Ct))!;
        var held = (await Ledger.FindAsync(e.Id, other, Ct))!;
        Assert.Equal(SeatCommitStatus.Committed, (await Ledger.ReleaseAsync(e.Id, full.Counters.Single(c => c.Taken > 0), held, Ct)).Status);
        var promoter = fixture.Instance.Get<WaitlistPromoter>();

        Assert.True(await promoter.PromoteFreeSeatsAsync((await Ledger.ReadAsync(e.Id, Ct))!, Ct)); // drops the withdrawing head
        Assert.Null(await waitlist.FindWaitingAsync(e.Id, leaving, Ct));
        Assert.Null(await Ledger.FindAsync(e.Id, leaving, Ct));
        Assert.True(await promoter.PromoteFreeSeatsAsync((await Ledger.ReadAsync(e.Id, Ct))!, Ct)); // seats the next one

        Assert.NotNull(await Ledger.FindAsync(e.Id, next, Ct));
        Assert.Null(await waitlist.FindWaitingAsync(e.Id, next, Ct));
        var after = (await Ledger.ReadAsync(e.Id, Ct))!;
        Assert.Equal((1, 0), (after.SeatsTaken, after.Waiting));
    }
}
