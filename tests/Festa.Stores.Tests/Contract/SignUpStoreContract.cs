using Festa.Core.Events;
using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="ISignUpStore"/> must do: the seat invariants, under concurrency too.</summary>
public abstract class SignUpStoreContract(StoreFixture fixture)
{
    private IEventStore Events => fixture.Instance.Get<IEventStore>();

    private ISignUpStore SignUps => fixture.Instance.Get<ISignUpStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private static UserId NewMember() => UserId.FromTrusted(Seed.NewUserId());

    private async Task<FestaEvent> CreateAsync(int capacity, DateTimeOffset? startsAt = null)
    {
        var e = EventStoreContract.NewEvent(capacity, startsAt);
        await Events.CreateAsync(e, Ct);
        return e;
    }

    [Fact]
    public async Task Sign_up_cancel_and_their_refusals()
    {
        fixture.Require(StoreCapability.Transactions);
        var e = await CreateAsync(capacity: 1);
        var (ana, ben) = (NewMember(), NewMember());

        Assert.Equal(SignUpOutcome.SignedUp, await SignUps.SignUpAsync(e.Id, ana, Now, Ct));
        Assert.Equal(SignUpOutcome.AlreadySignedUp, await SignUps.SignUpAsync(e.Id, ana, Now, Ct));
        Assert.Equal(SignUpOutcome.Full, await SignUps.SignUpAsync(e.Id, ben, Now, Ct));
        Assert.Equal(SignUpOutcome.NotFound, await SignUps.SignUpAsync(EventId.New(), ben, Now, Ct));
        Assert.Equal(CancelOutcome.NotSignedUp, await SignUps.CancelAsync(e.Id, ben, Now, Ct));
        Assert.Equal(CancelOutcome.NotFound, await SignUps.CancelAsync(EventId.New(), ben, Now, Ct));
        Assert.True((await Events.FindAsync(e.Id, ana, Ct))!.ViewerSignedUp);

        Assert.Equal(CancelOutcome.Cancelled, await SignUps.CancelAsync(e.Id, ana, Now, Ct));
        Assert.Equal(SignUpOutcome.SignedUp, await SignUps.SignUpAsync(e.Id, ben, Now, Ct));
        Assert.Equal([ben], (await SignUps.ListParticipantsAsync(e.Id, null, 10, Ct)).Items.Select(s => s.MemberId));
    }

    [Fact]
    public async Task Nothing_changes_once_the_event_has_started()
    {
        fixture.Require(StoreCapability.Transactions);
        var e = await CreateAsync(capacity: 5, startsAt: Now.AddHours(1));
        var member = NewMember();
        await SignUps.SignUpAsync(e.Id, member, Now, Ct);

        Assert.Equal(SignUpOutcome.Closed, await SignUps.SignUpAsync(e.Id, NewMember(), e.StartsAt, Ct));
        Assert.Equal(CancelOutcome.Closed, await SignUps.CancelAsync(e.Id, member, e.StartsAt.AddMinutes(1), Ct));
    }

    [Fact]
    public async Task A_members_sign_ups_are_listed_and_cancelled_ones_are_not()
    {
        fixture.Require(StoreCapability.Transactions);
        var member = NewMember();
        var kept = await CreateAsync(capacity: 3);
        var dropped = await CreateAsync(capacity: 3);
        await SignUps.SignUpAsync(kept.Id, member, Now, Ct);
        await SignUps.SignUpAsync(dropped.Id, member, Now, Ct);
        await SignUps.CancelAsync(dropped.Id, member, Now, Ct);

        Assert.Equal([kept.Id], (await SignUps.ListOfMemberAsync(member, Ct)).Select(s => s.Event.Id));
    }

    [Fact]
    public async Task Concurrent_applicants_never_exceed_capacity_and_the_count_matches_the_rows()
    {
        fixture.Require(StoreCapability.Transactions);
        var e = await CreateAsync(capacity: 25);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ =>
            Task.Run(() => SignUps.SignUpAsync(e.Id, NewMember(), Now, Ct), Ct)));

        Assert.Equal(25, outcomes.Count(o => o == SignUpOutcome.SignedUp));
        Assert.Equal(55, outcomes.Count(o => o == SignUpOutcome.Full));
        Assert.Equal(25, (await SignUps.ListParticipantsAsync(e.Id, null, 100, Ct)).Items.Count);
        Assert.Equal(25, (await Events.FindAsync(e.Id, null, Ct))!.SeatsTaken);
    }

    [Fact]
    public async Task Concurrent_sign_ups_and_cancels_of_one_member_leave_at_most_one_seat()
    {
        fixture.Require(StoreCapability.Transactions);
        var e = await CreateAsync(capacity: 5);
        var member = NewMember();
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                await SignUps.SignUpAsync(e.Id, member, Now, Ct);
            }
            else
            {
                await SignUps.CancelAsync(e.Id, member, Now, Ct);
            }
        }, Ct)));

        var rows = (await SignUps.ListParticipantsAsync(e.Id, null, 100, Ct)).Items.Count;
        Assert.InRange(rows, 0, 1);
        Assert.Equal(rows, (await Events.FindAsync(e.Id, null, Ct))!.SeatsTaken);
    }
}
