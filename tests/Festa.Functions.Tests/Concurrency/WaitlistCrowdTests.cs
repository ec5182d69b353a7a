using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Concurrency;

/// <summary>
/// The waiting list under a crowd on several instances of one store: 300 members race for 50 seats, the rest join the
/// waiting list, then 30 participants cancel while new sign-ups keep arriving. Afterwards seats = sign-up rows =
/// capacity, exactly the 30 earliest waiting members were promoted, the rest kept their order with dense positions,
/// and each promoted member has exactly one <c>promoted</c> notification. The random choices print their seed on failure.
/// </summary>
public abstract class WaitlistCrowdContract(StoreFixture store)
{
    private const int Instances = 4;
    private const int Members = 300;
    private const int Capacity = 50;
    private const int Cancels = 30;
    private const int LateApplicants = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_hundred_members_race_for_fifty_seats_then_thirty_cancels_promote_the_thirty_earliest_waiting()
    {
        store.Require(StoreCapability.Transactions);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        try
        {
            await RunAsync(random);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"Waitlist crowd failed with seed {seed}: {e.Message}", e);
        }
    }

    private async Task RunAsync(Random random)
    {
        var counter = new StoreCallCounter();
        var clients = new FestaClient[Instances];
        for (var i = 0; i < Instances; i++)
        {
            clients[i] = (await store.StartInstanceAsync(services: counter.AddTo)).Client;
        }

        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var id = await store.Instance.Client.CreateEventAsync(host, Requests.Event(title: "Crowd " + Guid.NewGuid().ToString("N")[..8], capacity: Capacity));
        var members = await store.Instance.SignedInMembersAsync(Members);

        // 1. The race for seats.
        var signUps = await Task.WhenAll(members.Select((m, i) => Task.Run(() => clients[i % Instances].PostAsync($"/api/events/{id}/signups", token: m.Token), Ct)));
        Assert.Equal(Capacity, signUps.Count(r => r.Status == 201));
        Assert.All(signUps.Where(r => r.Status != 201), r => Assert.Equal("event-full", r.ProblemCode));
        var participants = members.Where((_, i) => signUps[i].Status == 201).ToList();
        var others = members.Where((_, i) => signUps[i].Status != 201).ToList();

        // 2. The rest join the waiting list at once, on every instance, in a random order.
        var shuffled = others.OrderBy(_ => random.Next()).ToList();
        counter.Watch(id);
        counter.Reset();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var joins = await Task.WhenAll(shuffled.Select((m, i) => Task.Run(() => clients[i % Instances].PostAsync($"/api/events/{id}/waitlist", token: m.Token), Ct)));
        Assert.All(joins, j => Assert.True(j.Status == 201, j.ToString()));
        var positions = joins.Select(j => j.Json.GetProperty("position").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, others.Count), positions.Order()); // dense and unique
        var queue = shuffled.Zip(positions).OrderBy(p => p.Second).Select(p => p.First).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{store.StoreName}: {joins.Length} joins on {Instances} instances in {watch.Elapsed.TotalSeconds:F2} s; per join {counter.Calls / (double)joins.Length:F2} store requests, " +
            $"{counter.WatchedPartitionCalls / (double)joins.Length:F2} event-partition requests, {counter.WatchedPartitionEntities / (double)joins.Length:F2} entities");
        counter.Reset();
        watch.Restart();

        // 3. Thirty participants cancel at once while new applicants keep trying to sign up.
        var cancelling = participants.OrderBy(_ => random.Next()).Take(Cancels).ToList();
        var late = await store.Instance.SignedInMembersAsync(LateApplicants);
        var cancelTasks = cancelling.Select((m, i) => Task.Run(() => clients[(i + 1) % Instances].DeleteAsync($"/api/events/{id}/signups/me", m.Token), Ct));
        var lateTasks = late.Select((m, i) => Task.Run(() => clients[i % Instances].PostAsync($"/api/events/{id}/signups", token: m.Token), Ct));
        var cancels = await Task.WhenAll(cancelTasks);
        var lateAnswers = await Task.WhenAll(lateTasks);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Cancels} cancels with promotion + {LateApplicants} late sign-ups in {watch.Elapsed.TotalSeconds:F2} s; {counter.Calls} store requests, " +
            $"{counter.WatchedPartitionCalls} to the event partition ({counter.WatchedPartitionEntities} entities), {counter.Batches} batches");
        Assert.All(cancels, c => Assert.True(c.Status == 204, c.ToString()));
        Assert.All(lateAnswers, a => Assert.True(a.ProblemCode == "event-full", $"a late applicant slipped in: {a}"));

        // Seats = sign-up rows = capacity; the promoted are exactly the 30 earliest waiting, the rest keep their order.
        var rows = await store.Instance.AllParticipantsAsync(id);
        Assert.Equal(Capacity, rows.Count);
        Assert.Equal(Capacity, await store.Instance.Client.SeatsTakenAsync(id, host));
        var expected = participants.Except(cancelling).Concat(queue.Take(Cancels)).Select(m => m.Member.UserId).ToHashSet();
        Assert.Equal(expected.Select(m => m.Value).Order(), rows.Select(r => r.MemberId.Value).Order());

        var listed = await WaitlistAsync(id, host);
        Assert.Equal(queue.Skip(Cancels).Select(m => m.Member.UserId.Value), listed.Select(l => l.UserId));
        Assert.Equal(Enumerable.Range(1, queue.Count - Cancels), listed.Select(l => l.Position));
        var page = await store.Instance.Client.GetAsync($"/api/events/{id}", host);
        Assert.Equal(queue.Count - Cancels, page.Json.GetProperty("waitlistLength").GetInt32());
        foreach (var (m, i) in queue.Skip(Cancels).Select((m, i) => (m, i)).Where(_ => random.Next(10) == 0))
        {
            Assert.Equal(i + 1, (await clients[i % Instances].GetAsync($"/api/events/{id}/waitlist/me", m.Token)).Json.GetProperty("position").GetInt32());
        }

        // Each promoted member: exactly one promoted notice, and the seat in "my sign-ups"; nobody else was notified.
        var inboxes = store.Instance.Get<INotificationStore>();
        foreach (var m in queue.Take(Cancels + 5))
        {
            var promoted = (await inboxes.ListAsync(m.Member.UserId, null, 100, Ct)).Items.Count(n => n.Kind == NotificationKind.Promoted && n.EventId == id);
            Assert.Equal(expected.Contains(m.Member.UserId) ? 1 : 0, promoted);
        }

        foreach (var m in queue.Take(Cancels).Where(_ => random.Next(5) == 0))
        {
            var mine = await store.Instance.Client.GetAsync("/api/members/me/signups", m.Token);
            Assert.Contains(mine.Json.EnumerateArray(), s => s.GetProperty("event").GetProperty("id").GetString() == id);
        }
    }

    private async Task<List<(string UserId, int Position)>> WaitlistAsync(string id, string host)
    {
        var all = new List<(string, int)>();
        string? cursor = null;
        do
        {
            var page = await store.Instance.Client.GetAsync($"/api/events/{id}/waitlist?limit=100" + (cursor is null ? "" : "&cursor=" + cursor), host);
            Assert.True(page.Status == 200, page.ToString());
            all.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("userId").GetString()!, e.GetProperty("position").GetInt32())));
            cursor = page.Json.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return all;
    }
}

public sealed class TableWaitlistCrowdTests(TableStoreFixture store) : WaitlistCrowdContract(store), IClassFixture<TableStoreFixture>;

/// <summary>Waiting-list writes are transactional batches, which only a real Cosmos account serves: skipped on the local test server.</summary>
public sealed class CosmosWaitlistCrowdTests(CosmosStoreFixture store) : WaitlistCrowdContract(store), IClassFixture<CosmosStoreFixture>;
