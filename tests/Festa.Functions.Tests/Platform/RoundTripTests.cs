using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// Store requests per operation, counted on the real SDK clients. These are the numbers in
/// docs/concurrency.md; a change that adds a round trip to a hot path fails here.
/// </summary>
public sealed class RoundTripTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task A_sign_up_reaches_the_events_partition_with_its_read_and_its_seat_batch_only()
    {
        var counter = new StoreCallCounter();
        var instance = await store.StartInstanceAsync(services: counter.AddTo);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await instance.SignedInMemberAsync();
        var id = await instance.Client.CreateEventAsync(host, Requests.Event(capacity: 10));
        counter.Watch(id);
        counter.Reset();

        Assert.Equal(201, (await instance.Client.PostAsync($"/api/events/{id}/signups", token: member)).Status);

        // The member's hint batch names the event id too, as a row key in the member's partition: not the event's.
        // Entities: the read's event row, waiting-list state row and one pool; the batch's pool out, pool in and seat row.
        Assert.Equal((2, 6L), (counter.WatchedPartitionCalls, counter.WatchedPartitionEntities));
        Assert.Equal(2, counter.Batches);
    }

    [Fact]
    public async Task Hot_paths_cost_the_documented_number_of_store_requests()
    {
        var counter = new StoreCallCounter();
        var instance = await store.StartInstanceAsync(services: counter.AddTo);
        var api = instance.Client;
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await instance.SignedInMemberAsync();
        var id = await api.CreateEventAsync(host, Requests.Event(capacity: 10));

        // Exact counts from here on: the rate-limit window must not roll over (setup above may take a while).
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        async Task<int> Count(Func<Task<Festa.TestSupport.Http.TestResponse>> request, int expectedStatus)
        {
            counter.Reset();
            var response = await request();
            Assert.True(response.Status == expectedStatus, response.ToString());
            return counter.Reset();
        }

        // Session check = 1 point read. Sign-up alone = the EventSignUpPerMember rate limit (counter read + conditional
        // write, in the member's own partition: docs/security.md; the first in a window also writes the counter's
        // expiry-index row) + read event and pools (one key range) + member hint (one batch with the sign-up gate's merge,
        // so no read of the member follows the commit: docs/concurrency.md, "Withdrawal") + batch (in a crowd the read
        // and the batch are shared by the group: bench/results.md).
        Assert.Equal(1, await Count(() => api.GetAsync("/api/members/me", member), 200) - 1);
        Assert.Equal(1 + 3 + 3, await Count(() => api.PostAsync($"/api/events/{id}/signups", token: member), 201));
        // Event page = key range (event and pools) + point read of the caller's sign-up, in parallel.
        Assert.Equal(1 + 2, await Count(() => api.GetAsync($"/api/events/{id}", member), 200));
        // Already signed up (seats left): rate limit + read + hint + the batch that fails on the member's row + a point read of it.
        Assert.Equal(1 + 2 + 4, await Count(() => api.PostAsync($"/api/events/{id}/signups", token: member), 409));
        // Cancel = key range + point read of the sign-up (in parallel) + batch.
        Assert.Equal(1 + 3, await Count(() => api.DeleteAsync($"/api/events/{id}/signups/me", member), 204));
        Assert.Equal(1 + 1, await Count(() => api.GetAsync("/api/events?limit=10", member), 200));
        Assert.Equal(1 + 3, await Count(() => api.PostAsync("/api/events", Requests.Event(title: "Counted"), host), 201));
        // Logout = session read + delete the session + delete its row in the member's index.
        Assert.Equal(1 + 2, await Count(() => api.PostAsync("/api/auth/logout", token: member), 204));
    }

    [Fact]
    public async Task A_login_costs_the_documented_number_of_store_requests()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        var counter = new StoreCallCounter();
        var instance = await store.StartInstanceAsync(services: counter.AddTo);
        var api = instance.Client.From(Seed.NewClientAddress());
        var userId = await api.SignUpAsync();

        counter.Reset();
        var first = await api.PostAsync("/api/auth/login", Requests.Login(userId));
        var firstCount = counter.Reset();
        var second = await api.PostAsync("/api/auth/login", Requests.Login(userId));
        var secondCount = counter.Reset();

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);

        // Account read + the throttle's three counters (the first in a window: read, expiry-index row, insert; later:
        // read, conditional write) + giving their permits back after the right password (one write each, conditional
        // on the version the lease wrote: no read) + the session (member-index and expiry-index rows, session row) +
        // the member re-read (password change race) + the member's session index (the per-member cap).
        Assert.Equal(1 + (3 * 3) + 3 + 3 + 1 + 1, firstCount);
        Assert.Equal(1 + (3 * 2) + 3 + 3 + 1 + 1, secondCount);
    }
}
