using Azure.Storage.Queues;
using Festa.AzureStorage.Queues;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Functions.Composition;
using Festa.Functions.Notifications;
using Festa.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Functions.Tests.Notifications;

/// <summary>
/// Event-change fan-out (queue trigger), starts-today reminders (timer trigger), the password-age reminder at
/// login and the inbox endpoints, on Azurite. Queue messages are read from the fixture's own Azurite queue and
/// handed to the function class as the host would: the message text.
/// </summary>
public sealed class NotificationTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FestaInstance Instance => store.Instance;

    private QueueClient Queue => Instance.Get<QueueEventChangePublisher>().Queue;

    [Fact]
    public async Task A_change_is_fanned_out_once_per_participant_even_when_the_message_is_processed_twice()
    {
        var festaEvent = await SeedEventAsync(Instance, DateTimeOffset.UtcNow.AddDays(5));
        var members = await SeedParticipantsAsync(Instance, festaEvent, 7);
        var message = $$"""
            {"eventId":"{{festaEvent.Id.Value}}","kind":"changed","changeId":"{{Guid.NewGuid():N}}","occurredAt":"2026-11-24T09:30:00Z","title":"Harbour jazz","changed":["time","place"]}
            """;

        var function = ActivatorUtilities.CreateInstance<FanOutEventChangesFunction>(Instance.Services);
        await function.RunAsync(message, Ct);
        await function.RunAsync(message, Ct);

        foreach (var member in members)
        {
            var inbox = await InboxAsync(Instance, member);
            var notification = Assert.Single(inbox);
            Assert.Equal(NotificationKind.EventChanged, notification.Kind);
            Assert.Equal(festaEvent.Id.Value, notification.EventId);
            Assert.Contains("time, place", notification.Body, StringComparison.Ordinal);
            Assert.Equal(DateTimeOffset.Parse("2026-11-24T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture), notification.CreatedAt);
        }
    }

    [Fact]
    public async Task A_large_event_fans_out_in_pages_through_continuation_messages()
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await Queue.ClearMessagesAsync(Ct);
        var festaEvent = await SeedEventAsync(Instance, DateTimeOffset.UtcNow.AddDays(5), capacity: 300);
        var members = await SeedParticipantsAsync(Instance, festaEvent, 250);
        await Instance.Get<IEventChangePublisher>().PublishAsync(new EventChangeMessage(festaEvent.Id.Value, EventChangeKind.Changed,
            Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, festaEvent.Title, ["details"]), Ct);

        // Every message processed twice, as a retried delivery would be: still one notification each.
        var processed = await DrainAsync(Instance, twice: true);

        Assert.Equal(3, processed);
        var counts = await Task.WhenAll(members.Select(async m => (await InboxAsync(Instance, m)).Count));
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Updating_the_time_place_or_details_enqueues_a_change_message_on_the_queue()
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await Queue.ClearMessagesAsync(Ct);
        var (_, host) = await Instance.SignedInMemberAsync(Role.Host);
        var eventId = await Instance.Client.CreateEventAsync(host);

        var capacityOnly = await Instance.Client.PatchAsync($"/api/events/{eventId}", new { capacity = 20 }, host);
        Assert.Equal(200, capacityOnly.Status);
        Assert.Empty((await Queue.PeekMessagesAsync(10, Ct)).Value);

        var moved = await Instance.Client.PatchAsync($"/api/events/{eventId}",
            new { location = new { city = "Busan", district = "Haeundae-gu", address = "2 Beach Road" } }, host);
        Assert.Equal(200, moved.Status);

        var queued = Assert.Single((await Queue.ReceiveMessagesAsync(10, cancellationToken: Ct)).Value);
        var message = EventChangeJson.Deserialize(queued.Body.ToString());
        Assert.Equal(eventId, message.EventId);
        Assert.Equal(EventChangeKind.Changed, message.Kind);
        Assert.Equal(["place"], message.Changed);
        Assert.Contains("\"kind\":\"changed\"", queued.Body.ToString(), StringComparison.Ordinal);
        await Queue.DeleteMessageAsync(queued.MessageId, queued.PopReceipt, Ct);
    }

    [Fact]
    public async Task Deleting_an_event_notifies_its_former_participants()
    {
        await Queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await Queue.ClearMessagesAsync(Ct);
        var (_, host) = await Instance.SignedInMemberAsync(Role.Host);
        var eventId = await Instance.Client.CreateEventAsync(host);
        var participants = new List<UserId>();
        for (var i = 0; i < 3; i++)
        {
            var (member, token) = await Instance.SignedInMemberAsync();
            Assert.Equal(201, (await Instance.Client.PostAsync($"/api/events/{eventId}/signups", token: token)).Status);
            participants.Add(member.UserId);
        }

        var (bystander, _) = await Instance.SignedInMemberAsync();

        Assert.Equal(204, (await Instance.Client.DeleteAsync($"/api/events/{eventId}", host)).Status);
        Assert.Equal(1, await DrainAsync(Instance, twice: true));

        foreach (var member in participants)
        {
            var notification = Assert.Single(await InboxAsync(Instance, member));
            Assert.Equal(NotificationKind.EventCancelled, notification.Kind);
            Assert.Equal(eventId, notification.EventId);
        }

        Assert.Empty(await InboxAsync(Instance, bystander.UserId));
    }

    [Fact]
    public async Task An_instance_creates_the_event_change_queue_with_its_first_change()
    {
        var instance = await store.StartInstanceAsync();
        var queue = instance.Get<QueueEventChangePublisher>().Queue;
        await queue.DeleteIfExistsAsync(Ct);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var eventId = await instance.Client.CreateEventAsync(host);

        Assert.Equal(200, (await instance.Client.PatchAsync($"/api/events/{eventId}", new { title = "Moved indoors" }, host)).Status);

        var message = Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 10, cancellationToken: Ct)).Value);
        Assert.Contains(eventId, message.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locally_the_worker_creates_the_event_change_queue_at_start_up_so_the_trigger_never_polls_a_missing_queue()
    {
        var instance = await store.StartInstanceAsync();
        var queue = instance.Get<QueueEventChangePublisher>().Queue;
        await queue.DeleteIfExistsAsync(Ct);

        await ActivatorUtilities.CreateInstance<StoreInitializationService>(instance.Services).StartAsync(Ct);

        Assert.True((await queue.ExistsAsync(Ct)).Value);
    }

    [Fact]
    public async Task With_start_up_creation_off_as_the_template_sets_it_the_worker_does_no_queue_work_at_start_up()
    {
        var instance = await store.StartInstanceAsync(s => s.With(QueueNames.CreateOnStartupKey, "false"));
        var queue = instance.Get<QueueEventChangePublisher>().Queue;
        await queue.DeleteIfExistsAsync(Ct);

        await ActivatorUtilities.CreateInstance<StoreInitializationService>(instance.Services).StartAsync(Ct);

        Assert.False(instance.Get<EventChangeQueueInitializer>().CreatesOnStartup);
        Assert.False((await queue.ExistsAsync(Ct)).Value);
    }

    [Fact]
    public async Task A_malformed_message_fails_the_invocation_so_the_host_retries_and_keeps_it()
    {
        var function = ActivatorUtilities.CreateInstance<FanOutEventChangesFunction>(Instance.Services);

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => function.RunAsync("{\"kind\":\"changed\"}", Ct));
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => function.RunAsync("not json", Ct));
    }

    [Fact]
    public async Task The_morning_timer_reminds_participants_of_events_starting_today_only()
    {
        var day = DateTimeOffset.UtcNow.Date.AddDays(40);
        var clock = new FakeTimeProvider(new DateTimeOffset(day.AddHours(6), TimeSpan.Zero));
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var today = await SeedEventAsync(instance, new DateTimeOffset(day.AddHours(18), TimeSpan.Zero));
        var lateToday = await SeedEventAsync(instance, new DateTimeOffset(day.AddHours(23).AddMinutes(59), TimeSpan.Zero));
        var tomorrow = await SeedEventAsync(instance, new DateTimeOffset(day.AddDays(1).AddHours(1), TimeSpan.Zero));
        var todays = await SeedParticipantsAsync(instance, today, 3);
        var lateTodays = await SeedParticipantsAsync(instance, lateToday, 2);
        var tomorrows = await SeedParticipantsAsync(instance, tomorrow, 3);

        var function = ActivatorUtilities.CreateInstance<SendStartsTodayRemindersFunction>(instance.Services);
        await function.RunAsync(new TimerInfo(), Ct);
        clock.Advance(TimeSpan.FromHours(1));
        await function.RunAsync(new TimerInfo(), Ct);

        foreach (var member in todays.Concat(lateTodays))
        {
            var reminder = Assert.Single(await InboxAsync(instance, member));
            Assert.Equal(NotificationKind.StartsToday, reminder.Kind);
        }

        Assert.Equal(today.Id.Value, (await InboxAsync(instance, todays[0]))[0].EventId);
        foreach (var member in tomorrows)
        {
            Assert.Empty(await InboxAsync(instance, member));
        }
    }

    [Fact]
    public async Task An_old_password_gets_one_reminder_per_ninety_day_period_at_login()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var userId = await instance.Client.SignUpAsync();
        var member = UserId.FromTrusted(userId);

        clock.Advance(TimeSpan.FromDays(89));
        await instance.Client.LoginAsync(userId);
        Assert.Empty(await InboxAsync(instance, member));

        clock.Advance(TimeSpan.FromDays(2));
        await instance.Client.LoginAsync(userId);
        await instance.Client.LoginAsync(userId);
        var reminder = Assert.Single(await InboxAsync(instance, member));
        Assert.Equal(NotificationKind.PasswordAge, reminder.Kind);

        clock.Advance(TimeSpan.FromDays(90));
        await instance.Client.LoginAsync(userId);
        Assert.Equal(2, (await InboxAsync(instance, member)).Count(n => n.Kind == NotificationKind.PasswordAge));
    }

    [Fact]
    public async Task The_inbox_lists_newest_first_with_the_unread_count_and_marks_read()
    {
        var (member, token) = await Instance.SignedInMemberAsync();
        var notifications = Instance.Get<INotificationStore>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var n = new Notification(Notification.IdOf("seed", member.UserId.Value, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                member.UserId, NotificationKind.EventChanged, "e" + i, $"Changed {i}", "The host changed the time.", start.AddMinutes(i), null);
            await notifications.TryAddAsync(n, Ct);
            ids.Add(n.Id);
        }

        Assert.Equal(401, (await Instance.Client.GetAsync("/api/members/me/notifications")).Status);
        var first = await Instance.Client.GetAsync("/api/members/me/notifications?limit=2", token);
        Assert.Equal(200, first.Status);
        Assert.Equal(3, first.Json.GetProperty("unreadCount").GetInt32());
        Assert.Equal([ids[2], ids[1]], first.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        Assert.Equal("eventChanged", first.Json.GetProperty("items")[0].GetProperty("kind").GetString());
        var cursor = first.Json.GetProperty("nextCursor").GetString();
        var second = await Instance.Client.GetAsync($"/api/members/me/notifications?limit=2&cursor={cursor}", token);
        Assert.Equal([ids[0]], second.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        Assert.False(second.Json.TryGetProperty("nextCursor", out _));
        Assert.Equal(400, (await Instance.Client.GetAsync("/api/members/me/notifications?limit=0", token)).Status);

        Assert.Equal(204, (await Instance.Client.PostAsync($"/api/members/me/notifications/{ids[1]}/read", token: token)).Status);
        var unknown = await Instance.Client.PostAsync($"/api/members/me/notifications/{Notification.IdOf("nothing")}/read", token: token);
        Assert.Equal(404, unknown.Status);
        Assert.EndsWith("/notification-not-found", unknown.Json.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (await Instance.Client.PostAsync("/api/members/me/notifications/not-an-id/read", token: token)).Status);

        var afterOne = await Instance.Client.GetAsync("/api/members/me/notifications", token);
        Assert.Equal(2, afterOne.Json.GetProperty("unreadCount").GetInt32());
        Assert.True(afterOne.Json.GetProperty("items")[1].TryGetProperty("readAt", out _));

        Assert.Equal(204, (await Instance.Client.PostAsync("/api/members/me/notifications/read-all", token: token)).Status);
        var afterAll = await Instance.Client.GetAsync("/api/members/me/notifications", token);
        Assert.Equal(0, afterAll.Json.GetProperty("unreadCount").GetInt32());
        Assert.All(afterAll.Json.GetProperty("items").EnumerateArray(), i => Assert.True(i.TryGetProperty("readAt", out _)));
    }

    private static async Task<FestaEvent> SeedEventAsync(FestaInstance instance, DateTimeOffset startsAt, int capacity = 50)
    {
        var now = DateTimeOffset.UtcNow;
        var festaEvent = new FestaEvent(EventId.New(), UserId.FromTrusted(Seed.NewUserId("h")), "Harbour jazz " + Guid.NewGuid().ToString("N")[..6],
            "Live music.", EventCategory.Concert, startsAt, startsAt.AddHours(2), capacity,
            new EventLocation("Seoul", "Mapo-gu", "1 River Road"), now, now);
        Assert.Equal(CreateEventOutcome.Created, await instance.Get<IEventStore>().CreateAsync(festaEvent, Ct));
        return festaEvent;
    }

    private static async Task<List<UserId>> SeedParticipantsAsync(FestaInstance instance, FestaEvent festaEvent, int count)
    {
        var members = Enumerable.Range(0, count).Select(_ => UserId.FromTrusted(Seed.NewUserId())).ToList();
        var signUps = instance.Get<ISignUpStore>();
        var now = instance.Get<TimeProvider>().GetUtcNow();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (member, ct) => Assert.Equal(SignUpOutcome.SignedUp, await signUps.SignUpAsync(festaEvent.Id, member, now, ct)));
        return members;
    }

    private static async Task<List<Notification>> InboxAsync(FestaInstance instance, UserId member)
    {
        var all = new List<Notification>();
        string? after = null;
        do
        {
            var page = await instance.Get<INotificationStore>().ListAsync(member, after, 100, Ct);
            all.AddRange(page.Items);
            after = page.After;
        }
        while (after is not null);

        return all;
    }

    /// <summary>Delivers every queued message (and those it queues) to the function, as the host would.</summary>
    /// <returns>How many distinct messages there were.</returns>
    private static async Task<int> DrainAsync(FestaInstance instance, bool twice)
    {
        var queue = instance.Get<QueueEventChangePublisher>().Queue;
        var function = ActivatorUtilities.CreateInstance<FanOutEventChangesFunction>(instance.Services);
        var processed = 0;
        var seen = new HashSet<string>();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
            if (received.Length == 0)
            {
                return processed;
            }

            foreach (var message in received)
            {
                await function.RunAsync(message.Body.ToString(), Ct);
                if (twice)
                {
                    await function.RunAsync(message.Body.ToString(), Ct);
                }

                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
                if (seen.Add(message.Body.ToString()))
                {
                    processed++;
                }
            }
        }
    }
}
