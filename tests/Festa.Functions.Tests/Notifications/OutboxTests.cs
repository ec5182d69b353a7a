using Festa.AzureStorage.Queues;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Notifications.Outbox;
using Festa.Functions.Notifications;
using Festa.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Notifications;

/// <summary>
/// The notification outbox across instances on one Azurite (docs/concurrency.md, "Notifications: the outbox"): a change
/// or deletion saved while the queue refuses is delivered by the timer once it accepts; a deletion racing sign-ups on other
/// instances notifies exactly the members holding a seat when it closed the event; several dispatchers at once still give
/// every member exactly one notice. Queue messages are handed to the fan-out function as the host would.
/// </summary>
public sealed class OutboxTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_and_a_deletion_saved_while_the_queue_fails_reach_every_participant_once_when_it_is_back()
    {
        var queueDown = new QueueSwitch { Failing = true };
        var instance = await StartAsync(queueDown);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var changedId = await instance.Client.CreateEventAsync(host);
        var deletedId = await instance.Client.CreateEventAsync(host);
        var changedParticipants = await SignUpAsync(instance, changedId, 5);
        var deletedParticipants = await SignUpAsync(instance, deletedId, 4);

        var moved = await instance.Client.PatchAsync($"/api/events/{changedId}", new { location = new { city = "Busan", district = "Suyeong-gu", address = "9 Pier" } }, host);
        Assert.Equal(200, moved.Status); // saved; the notice waits in the outbox
        Assert.Equal(204, (await instance.Client.DeleteAsync($"/api/events/{deletedId}", host)).Status);
        string[] mine = [changedId, deletedId]; // the class's tests share one queue: count only this test's messages
        Assert.Equal(0, await DrainAsync(instance, only: mine));
        Assert.Equal(2, queueDown.Refused);
        Assert.Equal(404, (await instance.Client.GetAsync($"/api/events/{deletedId}", host)).Status);
        Assert.Single(await instance.Get<IOutboxStore>().ReadAsync(EventId.FromTrusted(changedId), Ct));

        queueDown.Failing = false;
        var timer = ActivatorUtilities.CreateInstance<DispatchOutboxFunction>(instance.Services);
        await timer.RunAsync(new TimerInfo(), Ct);
        Assert.Equal(2, await DrainAsync(instance, only: mine));
        await timer.RunAsync(new TimerInfo(), Ct); // nothing left to send
        Assert.Equal(0, await DrainAsync(instance, only: mine));

        foreach (var member in changedParticipants)
        {
            var notice = Assert.Single(await InboxAsync(instance, member));
            Assert.Equal((NotificationKind.EventChanged, changedId), (notice.Kind, notice.EventId));
            Assert.Contains("place", notice.Body, StringComparison.Ordinal);
        }

        foreach (var member in deletedParticipants)
        {
            var notice = Assert.Single(await InboxAsync(instance, member));
            Assert.Equal((NotificationKind.EventCancelled, deletedId), (notice.Kind, notice.EventId));
        }

        Assert.Empty(await instance.Get<IOutboxStore>().ReadAsync(EventId.FromTrusted(changedId), Ct));
        Assert.Empty(await instance.Get<IOutboxStore>().ReadSeatsOfDeletedAsync(EventId.FromTrusted(deletedId), 10, Ct));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_deletion_racing_sign_ups_on_other_instances_notifies_exactly_the_members_holding_a_seat(int seed)
    {
        var random = new Random(seed);
        var deleter = store.Instance;
        var others = new[] { await store.StartInstanceAsync(), await store.StartInstanceAsync(), await store.StartInstanceAsync() };
        var (_, host) = await deleter.SignedInMemberAsync(Role.Host);
        var eventId = await deleter.Client.CreateEventAsync(host, Requests.Event(title: "Race " + Guid.NewGuid().ToString("N")[..8], capacity: 200));
        var id = EventId.FromTrusted(eventId);
        var early = await SignUpAsync(deleter, eventId, 10);

        var members = Enumerable.Range(0, 60).Select(_ => (Member: UserId.FromTrusted(Seed.NewUserId()), Instance: others[random.Next(others.Length)],
            Delay: random.Next(0, 60))).ToList();
        var deleteDelay = random.Next(5, 40);
        var signUps = members.Select(async m =>
        {
            await Task.Delay(m.Delay, Ct);
            return (m.Member, Outcome: await m.Instance.Get<ISignUpStore>().SignUpAsync(id, m.Member, DateTimeOffset.UtcNow, Ct));
        }).ToList();
        var deletion = Task.Run(async () =>
        {
            await Task.Delay(deleteDelay, Ct);
            return (await deleter.Client.DeleteAsync($"/api/events/{eventId}", host)).Status;
        }, Ct);
        var outcomes = await Task.WhenAll(signUps);
        Assert.Equal(204, await deletion);

        // Deliver whatever the immediate attempt left (nothing, normally), then the fan-out.
        await ActivatorUtilities.CreateInstance<DispatchOutboxFunction>(others[0].Services).RunAsync(new TimerInfo(), Ct);
        await DrainAsync(deleter);

        var holders = early.Concat(outcomes.Where(o => o.Outcome == SignUpOutcome.SignedUp).Select(o => o.Member)).ToHashSet();
        var history = $"seed {seed}: delete after {deleteDelay} ms; {outcomes.Count(o => o.Outcome == SignUpOutcome.SignedUp)} late sign-ups committed, " +
            string.Join(", ", outcomes.GroupBy(o => o.Outcome).Select(g => $"{g.Key}×{g.Count()}"));
        TestContext.Current.TestOutputHelper?.WriteLine(history);
        Assert.True(outcomes.All(o => o.Outcome is SignUpOutcome.SignedUp or SignUpOutcome.NotFound), history);
        foreach (var member in early.Concat(members.Select(m => m.Member)))
        {
            var notices = (await InboxAsync(deleter, member)).Where(n => n.EventId == eventId).ToList();
            var expected = holders.Contains(member) ? 1 : 0;
            Assert.True(notices.Count == expected && notices.All(n => n.Kind == NotificationKind.EventCancelled),
                $"{history}; member {member} has {notices.Count} notices, expected {expected}");
        }

        Assert.Empty(await deleter.Get<IOutboxStore>().ReadSeatsOfDeletedAsync(id, 10, Ct));
        Assert.Empty(await deleter.Get<IOutboxStore>().ReadAsync(id, Ct));
    }

    [Fact]
    public async Task Two_dispatchers_and_a_retry_at_once_still_give_every_member_exactly_one_notice_and_release_the_index()
    {
        var queueDown = new QueueSwitch { Failing = true };
        var writer = await StartAsync(queueDown);
        var (_, host) = await writer.SignedInMemberAsync(Role.Host);
        var changedId = await writer.Client.CreateEventAsync(host, Requests.Event(title: "Crowd " + Guid.NewGuid().ToString("N")[..8], capacity: 300));
        var deletedId = await writer.Client.CreateEventAsync(host, Requests.Event(title: "Crowd " + Guid.NewGuid().ToString("N")[..8], capacity: 300));
        var changedParticipants = await SignUpAsync(writer, changedId, 120);
        var deletedParticipants = await SignUpAsync(writer, deletedId, 230); // three messages of at most 100 recipients
        Assert.Equal(200, (await writer.Client.PatchAsync($"/api/events/{changedId}", new { title = "Moved indoors" }, host)).Status);
        Assert.Equal(204, (await writer.Client.DeleteAsync($"/api/events/{deletedId}", host)).Status);

        var first = await store.StartInstanceAsync(s => s["Festa:Outbox:IndexGrace"] = "00:00:00");
        var second = await store.StartInstanceAsync(s => s["Festa:Outbox:IndexGrace"] = "00:00:00");
        await Task.WhenAll(
            first.Get<OutboxDispatcher>().DispatchPendingAsync(Ct),
            second.Get<OutboxDispatcher>().DispatchPendingAsync(Ct),
            second.Get<OutboxDispatcher>().DispatchAsync(EventId.FromTrusted(deletedId), Ct));
        await first.Get<OutboxDispatcher>().DispatchPendingAsync(Ct); // released once nothing is left
        Assert.True(await DrainAsync(first, twice: true) >= 4);

        foreach (var member in changedParticipants)
        {
            Assert.Equal(NotificationKind.EventChanged, Assert.Single(await InboxAsync(first, member)).Kind);
        }

        foreach (var member in deletedParticipants)
        {
            Assert.Equal(NotificationKind.EventCancelled, Assert.Single(await InboxAsync(first, member)).Kind);
        }

        await foreach (var pending in first.Get<IOutboxStore>().ListPendingAsync(Ct))
        {
            Assert.NotEqual(changedId, pending.EventId.Value);
            Assert.NotEqual(deletedId, pending.EventId.Value);
        }

    }

    [Fact]
    public async Task A_change_and_a_deletion_cost_the_documented_store_requests()
    {
        var counter = new StoreCallCounter();
        var instance = await store.StartInstanceAsync(services: counter.AddTo);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var id = await instance.Client.CreateEventAsync(host);
        await SignUpAsync(instance, id, 3);

        counter.Reset();
        Assert.Equal(200, (await instance.Client.PatchAsync($"/api/events/{id}", new { location = new { city = "Busan", district = "Jung-gu", address = "1 Quay" } }, host)).Status);
        var change = counter.Reset();
        Assert.Equal(204, (await instance.Client.DeleteAsync($"/api/events/{id}", host)).Status);
        var deletion = counter.Reset();

        // Change (docs/concurrency.md, "Notifications: the outbox"): session + read of event and pools + index upsert + the
        // batch (event row + outbox row) + listing upsert, then the immediate dispatch: read the outbox rows + delete the entry.
        Assert.Equal(1 + 1 + 1 + 1 + 1 + 2, change);
        // Deletion: session + read + index upsert + listing delete + read of event and pools + batch (with the outbox row) +
        // title claim; dispatch: read outbox + read seats + batch delete of the 3 sign-ups + their 3 hints + read seats (none) + delete the entry;
        // then the waiting list's deletion step: one key range of the (empty) waiting list.
        Assert.Equal(1 + 1 + 1 + 1 + 1 + 1 + 1 + (1 + 1 + 1 + 3 + 1 + 1) + 1, deletion);
        await DrainAsync(instance); // leaves the class's shared queue empty for the tests that count its messages
    }

    private Task<FestaInstance> StartAsync(QueueSwitch queue) => store.StartInstanceAsync(services: services =>
        services.AddSingleton<IEventChangePublisher>(sp => new SwitchablePublisher(sp.GetRequiredService<QueueEventChangePublisher>(), queue)));

    private static async Task<List<UserId>> SignUpAsync(FestaInstance instance, string eventId, int count)
    {
        var members = Enumerable.Range(0, count).Select(_ => UserId.FromTrusted(Seed.NewUserId())).ToList();
        var signUps = instance.Get<ISignUpStore>();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (member, ct) =>
            Assert.Equal(SignUpOutcome.SignedUp, await signUps.SignUpAsync(EventId.FromTrusted(eventId), member, DateTimeOffset.UtcNow, ct)));
        return members;
    }

    private static async Task<List<Notification>> InboxAsync(FestaInstance instance, UserId member) =>
        [.. (await instance.Get<INotificationStore>().ListAsync(member, null, 100, Ct)).Items];

    /// <summary>Delivers every queued message (and those it queues) to the fan-out function, as the host would.</summary>
    /// <returns>How many messages were delivered (about the events in <paramref name="only"/>, when given).</returns>
    private static async Task<int> DrainAsync(FestaInstance instance, bool twice = false, string[]? only = null)
    {
        var queue = instance.Get<QueueEventChangePublisher>().Queue;
        await queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        var function = ActivatorUtilities.CreateInstance<FanOutEventChangesFunction>(instance.Services);
        var delivered = 0;
        while ((await queue.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value is { Length: > 0 } received)
        {
            foreach (var message in received)
            {
                await function.RunAsync(message.Body.ToString(), Ct);
                if (twice)
                {
                    await function.RunAsync(message.Body.ToString(), Ct);
                }

                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
                if (only is null || only.Contains(EventIdOf(message.Body.ToString())))
                {
                    delivered++;
                }
            }
        }

        return delivered;
    }

    private static string? EventIdOf(string body) =>
        System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateObject()
            .FirstOrDefault(p => p.NameEquals("eventId") || p.NameEquals("EventId")).Value is { ValueKind: System.Text.Json.JsonValueKind.String } id
            ? id.GetString()
            : null;

    private sealed class QueueSwitch
    {
        public volatile bool Failing;
        private int _refused;

        public int Refused => _refused;

        public void Refuse() => Interlocked.Increment(ref _refused);
    }

    /// <summary>The real queue publisher, or a queue that refuses every message (503) while the switch says so.</summary>
    private sealed class SwitchablePublisher(QueueEventChangePublisher queue, QueueSwitch state) : IEventChangePublisher
    {
        public Task PublishAsync(EventChangeMessage message, CancellationToken cancellationToken)
        {
            if (state.Failing)
            {
                state.Refuse();
                throw new Azure.RequestFailedException(503, "The queue is unavailable (test).");
            }

            return queue.PublishAsync(message, cancellationToken);
        }
    }
}
