using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Events.Waitlist;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Festa.Core.Tests.Events.SignUps;

/// <summary>Promotion policy over the in-memory ledger: cancels promote the head in the same transaction, raises promote in order.</summary>
public sealed class WaitlistPromoterTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemorySeatLedger _ledger = new();
    private readonly RecordingInbox _inbox = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WaitlistPromoter Promoter() => new(_ledger, [new TestTransientClassifier()], new PromotionNotices(_ledger,
            new OutboxDispatcher(_ledger, new NoQueue(), _inbox, TimeProvider.System, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance),
            TimeProvider.System),
        TimeProvider.System, NullLogger<WaitlistPromoter>.Instance);

    private GroupCommitSignUpStore Store() => new(_ledger, [new TestTransientClassifier()], TimeProvider.System, new FestaMetrics(),
        NullLogger<GroupCommitSignUpStore>.Instance, Promoter());

    private static UserId Member(int i) => UserId.FromTrusted($"member{i:D4}");

    /// <summary>An event of <paramref name="capacity"/> seats held by members 0…, and <paramref name="waiting"/> more (1000…) waiting in order.</summary>
    private async Task<FestaEvent> FullAsync(int capacity, int waiting)
    {
        var e = GroupCommitSignUpStoreTests.NewEvent(capacity);
        _ledger.Add(e);
        for (var i = 0; i < capacity; i++)
        {
            _ledger.Seed(e.Id, Member(i));
        }

        for (var i = 0; i < waiting; i++)
        {
            var state = (await _ledger.ReadAsync(e.Id, Ct))!;
            Assert.Equal(WaitlistCommit.Committed, await _ledger.JoinAsync(e.Id, state.Waitlist!, new WaitingClaim(Member(1000 + i), Now, "j"), Ct));
        }

        return e;
    }

    [Fact]
    public async Task Turns_are_taken_within_one_instance_and_never_across_instances()
    {
        var e = GroupCommitSignUpStoreTests.NewEvent(capacity: 1);
        var (instanceA, instanceB) = (Promoter(), Promoter());

        using (await instanceA.TurnAsync(e.Id, Ct))
        {
            // Another host in the same process is another instance: it must meet instance A in the store, not here.
            using (await instanceB.TurnAsync(e.Id, Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct))
            {
                var second = instanceA.TurnAsync(e.Id, Ct);
                await Task.Delay(50, Ct);
                Assert.False(second.IsCompleted); // within instance A, the event's operations take turns
            }
        }
    }

    [Fact]
    public async Task A_cancel_gives_the_seat_to_the_head_and_the_count_never_changes()
    {
        var e = await FullAsync(capacity: 3, waiting: 2);

        Assert.Equal(CancelOutcome.Cancelled, await Store().CancelAsync(e.Id, Member(1), Now, Ct));

        var (records, taken) = _ledger.Snapshot(e.Id);
        Assert.Equal(3, taken);
        Assert.Equal(["member0000", "member0002", "member1000"], records.Select(r => r.MemberId.Value).Order());
        Assert.Equal([Member(1001)], _ledger.WaitingOf(e.Id));
        Assert.Equal([Member(1000)], _inbox.Added.Where(n => n.Kind == NotificationKind.Promoted).Select(n => n.MemberId));
    }

    [Fact]
    public async Task A_lost_race_reads_again_and_still_promotes_exactly_once()
    {
        var e = await FullAsync(capacity: 1, waiting: 2);
        _ledger.PromotionConflictsToInject = 2;

        Assert.Equal(CancelOutcome.Cancelled, await Store().CancelAsync(e.Id, Member(0), Now, Ct));

        Assert.Equal([Member(1000)], _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId));
        Assert.Single(_inbox.Added);
        var promotionId = Promotion.Of(e.Id, new WaitingEntry(Member(1000), 0, Now, null, ""), Now).PromotionId;
        Assert.Equal(Notification.IdOf("promoted." + promotionId, Member(1000).Value), _inbox.Added[0].Id); // the outbox entry's notice
        Assert.Empty(_ledger.Outbox); // delivered, then removed
    }

    [Fact]
    public async Task A_cancel_with_nobody_waiting_frees_the_seat()
    {
        var e = await FullAsync(capacity: 2, waiting: 0);

        Assert.Equal(CancelOutcome.Cancelled, await Store().CancelAsync(e.Id, Member(0), Now, Ct));

        Assert.Equal(1, _ledger.Snapshot(e.Id).Taken);
        Assert.Empty(_inbox.Added);
    }

    [Fact]
    public async Task A_head_who_already_holds_a_seat_loses_its_place_and_the_next_is_promoted()
    {
        var e = await FullAsync(capacity: 2, waiting: 0);
        var state = (await _ledger.ReadAsync(e.Id, Ct))!;
        await _ledger.JoinAsync(e.Id, state.Waitlist!, new WaitingClaim(Member(1), Now, "both"), Ct); // seated and waiting
        state = (await _ledger.ReadAsync(e.Id, Ct))!;
        await _ledger.JoinAsync(e.Id, state.Waitlist!, new WaitingClaim(Member(1000), Now, "j"), Ct);

        Assert.Equal(CancelOutcome.Cancelled, await Store().CancelAsync(e.Id, Member(0), Now, Ct));

        Assert.Equal(["member0001", "member1000"], _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId.Value).Order());
        Assert.Empty(_ledger.WaitingOf(e.Id));
    }

    [Fact]
    public async Task Raising_capacity_by_k_promotes_k_in_order_across_transactions()
    {
        var e = await FullAsync(capacity: 2, waiting: 40);
        _ledger.Grow(e.Id, 35); // more than one transaction's worth (32)

        await Promoter().PromoteAllAsync(e.Id, Ct);

        Assert.Equal(37, _ledger.Snapshot(e.Id).Taken);
        Assert.Equal(Enumerable.Range(1035, 5).Select(Member), _ledger.WaitingOf(e.Id));
        Assert.Equal(Enumerable.Range(1000, 35).Select(Member), _inbox.Added.Select(n => n.MemberId));
    }

    [Fact]
    public async Task Free_seats_with_members_waiting_go_to_them_before_any_sign_up()
    {
        var e = await FullAsync(capacity: 1, waiting: 2);
        _ledger.Grow(e.Id, 1);

        Assert.Equal(SignUpOutcome.Full, await Store().SignUpAsync(e.Id, Member(5000), Now, Ct));

        Assert.Contains(Member(1000), _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId));
        Assert.DoesNotContain(Member(5000), _ledger.Snapshot(e.Id).Records.Select(r => r.MemberId));
        Assert.Equal([Member(1001)], _ledger.WaitingOf(e.Id));
    }

    [Fact]
    public async Task A_sign_up_before_the_window_opens_is_answered_from_one_read_with_no_write()
    {
        var e = GroupCommitSignUpStoreTests.NewEvent(10) with { SignUpOpensAt = Now.AddHours(1) };
        _ledger.Add(e);

        var (outcome, seen, _) = await Store().SignUpWithEventAsync(e.Id, Member(1), Now, Ct);

        Assert.Equal((SignUpOutcome.NotYetOpen, Now.AddHours(1)), (outcome, seen!.SignUpOpensAt));
        Assert.Equal(1, _ledger.Reads);
        Assert.Empty(_ledger.CommitSizes);
        Assert.Equal(0, _ledger.IndexWrites);
    }

    /// <summary>Member notices go straight to the inbox; nothing here queues an event change.</summary>
    private sealed class NoQueue : IEventChangePublisher
    {
        public Task PublishAsync(EventChangeMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A promotion queues no event change.");
    }

    private sealed class RecordingInbox : INotificationStore
    {
        private readonly Dictionary<string, Notification> _byId = [];

        public List<Notification> Added { get; } = [];

        public Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken)
        {
            lock (_byId)
            {
                if (!_byId.TryAdd(notification.MemberId.Value + "/" + notification.Id, notification))
                {
                    return Task.FromResult(false);
                }

                Added.Add(notification);
                return Task.FromResult(true);
            }
        }

        public Task<StorePage<Notification>> ListAsync(UserId memberId, string? after, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> CountUnreadAsync(UserId memberId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> MarkReadAsync(UserId memberId, string id, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task MarkAllReadAsync(UserId memberId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
