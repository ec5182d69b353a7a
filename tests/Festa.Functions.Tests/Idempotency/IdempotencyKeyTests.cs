using System.Text.Json;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Idempotency;
using Festa.Core.Members;
using Festa.Functions.Http.Pipeline;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> through the pipeline the worker runs (<see cref="IdempotencyStep"/>), on every route that
/// honours it, with the first request on one instance and its repeat on another (scaled out on one store).
/// </summary>
public sealed class IdempotencyKeyTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    /// <summary>One request of a route, ready to send: and a different request to the same route (for the 422).</summary>
    private sealed record Scenario(string Method, string Path, object? Body, string? Token, string? Address, int Expected, string OtherPath, object? OtherBody);

    public static TheoryData<string> Routes => [.. RoutePolicies.IdempotentFunctions];

    private static Dictionary<string, string> Key(string key) => new() { [IdempotencyStep.HeaderName] = key };

    private static Task<TestResponse> SendAsync(FestaClient api, Scenario s, string? key, bool other = false) =>
        api.SendAsync(s.Method, other ? s.OtherPath : s.Path, Serialize(other ? s.OtherBody : s.Body), token: s.Token,
            headers: key is null ? null : Key(key), clientAddress: s.Address);

    private static string? Serialize(object? body) => body is null ? null : JsonSerializer.Serialize(body);

    private static async Task<Scenario> SetUpAsync(string route, FestaInstance instance)
    {
        var api = instance.Client;
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await instance.SignedInMemberAsync();
        async Task<string> EventAsync() => await api.CreateEventAsync(host);
        async Task<string> FullEventAsync()
        {
            var id = await api.CreateEventAsync(host, Requests.Event("Full " + Guid.NewGuid().ToString("N")[..8], capacity: 1));
            Assert.Equal(201, (await api.PostAsync($"/api/events/{id}/signups", token: host)).Status);
            return id;
        }

        switch (route)
        {
            case "SignUp":
                return new("POST", "/api/members", Requests.SignUp(Seed.NewUserId()), null, Seed.NewClientAddress(), 201, "/api/members", Requests.SignUp(Seed.NewUserId()));
            case "CreateEvent":
                return new("POST", "/api/events", Requests.Event("Idem " + Guid.NewGuid().ToString("N")[..8]), host, null, 201, "/api/events", Requests.Event("Other"));
            case "UpdateEvent":
                var updated = await EventAsync();
                return new("PATCH", $"/api/events/{updated}", new { title = "Renamed" }, host, null, 200, $"/api/events/{updated}", new { title = "Renamed again" });
            case "DeleteEvent":
                return new("DELETE", $"/api/events/{await EventAsync()}", null, host, null, 204, $"/api/events/{await EventAsync()}", null);
            case "SignUpForEvent":
                return new("POST", $"/api/events/{await EventAsync()}/signups", null, member, null, 201, $"/api/events/{await EventAsync()}/signups", null);
            case "CancelMySignUp":
                var (first, second) = (await EventAsync(), await EventAsync());
                Assert.Equal(201, (await api.PostAsync($"/api/events/{first}/signups", token: member)).Status);
                Assert.Equal(201, (await api.PostAsync($"/api/events/{second}/signups", token: member)).Status);
                return new("DELETE", $"/api/events/{first}/signups/me", null, member, null, 204, $"/api/events/{second}/signups/me", null);
            case "ChangeMyPassword":
                return new("PUT", "/api/members/me/password", new { currentPassword = Seed.Password, newPassword = "Another-Harbor-91" }, member, null, 204,
                    "/api/members/me/password", new { currentPassword = Seed.Password, newPassword = "Third-Harbor-77" });
            case "Withdraw":
                return new("DELETE", "/api/members/me", new { password = Seed.Password }, member, null, 204, "/api/members/me", new { password = "Not-The-Password-1" });
            case "JoinWaitlist":
                var (full, fuller) = (await FullEventAsync(), await FullEventAsync());
                return new("POST", $"/api/events/{full}/waitlist", null, member, null, 201, $"/api/events/{fuller}/waitlist", null);
            case "LeaveWaitlist":
                var (waiting, alsoWaiting) = (await FullEventAsync(), await FullEventAsync());
                Assert.Equal(201, (await api.PostAsync($"/api/events/{waiting}/waitlist", token: member)).Status);
                Assert.Equal(201, (await api.PostAsync($"/api/events/{alsoWaiting}/waitlist", token: member)).Status);
                return new("DELETE", $"/api/events/{waiting}/waitlist/me", null, member, null, 204, $"/api/events/{alsoWaiting}/waitlist/me", null);
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, "Add a scenario for the new idempotent route.");
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_repeat_on_another_instance_gets_the_first_response_without_the_work_being_done_again(string route)
    {
        var writes = new StoreWriteRecorder();
        var a = await store.StartInstanceAsync();
        var b = await store.StartInstanceAsync(services: writes.AddTo);
        var s = await SetUpAsync(route, a);
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(a.Client, s, key);
        Assert.True(first.Status == s.Expected, first.ToString());
        Assert.Null(first.Header(IdempotencyStep.ReplayedHeader));
        writes.Take();

        var repeat = await SendAsync(b.Client, s, key);

        Assert.Equal(first.Status, repeat.Status);
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal(first.ContentType, repeat.ContentType);
        Assert.Equal(first.Header("Location"), repeat.Header("Location"));
        Assert.Equal(first.Header("ETag"), repeat.Header("ETag"));
        Assert.Equal("true", repeat.Header(IdempotencyStep.ReplayedHeader));
        Assert.Equal("no-store", repeat.Header("Cache-Control"));
        // Nothing but the idempotency lookup (its insert-if-absent) and the route's rate-limit counter is written.
        Assert.All(writes.Take(), table => Assert.True(table.EndsWith("Idempotency", StringComparison.Ordinal) ||
            table.EndsWith("RateLimits", StringComparison.Ordinal), $"{route}'s replay wrote to {table}"));

        var different = await SendAsync(b.Client, s, key, other: true);
        Assert.Equal(422, different.Status);
        Assert.Equal("idempotency-key-mismatch", different.ProblemCode);
    }

    /// <summary>Unsafe routes that ignore the header, each for the reason RoutePolicies gives.</summary>
    private static readonly string[] Unkeyed =
        ["Login", "Logout", "MarkNotificationRead", "MarkAllNotificationsRead", "EndMyOtherSessions", "UploadPoster", "UpdateMyProfile", "UnmatchedRoute"];

    [Fact]
    public void Every_unsafe_route_honours_the_key_or_is_left_out_for_a_stated_reason_and_the_description_says_which()
    {
        var unsafeRoutes = FunctionsMetadata.HttpFunctions
            .Where(f => f.Methods.Any(m => m is not ("GET" or "HEAD" or "OPTIONS")))
            .Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(RoutePolicies.IdempotentFunctions, name => Assert.Contains(name, unsafeRoutes));
        Assert.Equal(unsafeRoutes.Order(StringComparer.Ordinal), RoutePolicies.IdempotentFunctions.Concat(Unkeyed).Order(StringComparer.Ordinal));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "openapi.json")));
        var documented = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => op.Value.TryGetProperty("parameters", out var ps) &&
                ps.EnumerateArray().Any(p => p.TryGetProperty("$ref", out var r) && r.GetString() == "#/components/parameters/IdempotencyKey"))
                .Select(op => op.Name.ToUpperInvariant() + " " + path.Name))
            .Order(StringComparer.Ordinal);
        var keyed = FunctionsMetadata.HttpFunctions.Where(f => RoutePolicies.IdempotencyOf(f.Name) is not null)
            .SelectMany(f => f.Methods.Select(m => m + " /api/" + f.Route)).Order(StringComparer.Ordinal);
        Assert.Equal(keyed, documented);
    }

    [Fact]
    public async Task A_key_costs_three_Table_requests_on_first_use_and_a_replay_never_touches_the_event_partition()
    {
        var counter = new StoreCallCounter();
        var instance = await store.StartInstanceAsync(services: counter.AddTo);
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await instance.SignedInMemberAsync();
        var (warmEvent, plainEvent, keyedEvent) =
            (await instance.Client.CreateEventAsync(host), await instance.Client.CreateEventAsync(host), await instance.Client.CreateEventAsync(host));
        // Exact counts from here on: the rate-limit window must not roll over (setup above may take a while).
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        // Warm: the member's rate-limit counter exists from here on, so both measured sign-ups count the same way.
        Assert.Equal(201, (await instance.Client.PostAsync($"/api/events/{warmEvent}/signups", token: member)).Status);

        counter.Reset();
        Assert.Equal(201, (await instance.Client.PostAsync($"/api/events/{plainEvent}/signups", token: member)).Status);
        var plain = counter.Reset();
        Assert.Equal(201, (await instance.Client.SendAsync("POST", $"/api/events/{keyedEvent}/signups", token: member, headers: Key("cost"))).Status);
        var keyed = counter.Reset();
        counter.Watch(keyedEvent);
        Assert.Equal(201, (await instance.Client.SendAsync("POST", $"/api/events/{keyedEvent}/signups", token: member, headers: Key("cost"))).Status);
        var replayInEvent = counter.WatchedPartitionCalls;
        var replay = counter.Reset();

        TestContext.Current.SendDiagnosticMessage($"Table requests per sign-up: without key {plain}, with key {keyed}, replay {replay}");
        // First use: expiry-index upsert + insert-if-absent, then the If-Match replace with the response.
        Assert.Equal(plain + 3, keyed);
        // Replay: the session and rate-limit requests every sign-up makes, the index upsert, the refused insert and one
        // read — none of them in the event's (hot) partition.
        Assert.True(replay <= plain, $"a replay ({replay}) should cost no more than the sign-up it skips ({plain})");
        Assert.Equal(0, replayInEvent);
    }

    [Fact]
    public async Task A_repeated_sign_up_gets_its_201_and_holds_one_seat_where_a_repeat_without_a_key_gets_409()
    {
        var api = store.Instance.Client;
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var eventId = await api.CreateEventAsync(host);
        var path = $"/api/events/{eventId}/signups";

        var first = await api.SendAsync("POST", path, token: member, headers: Key("signup-1"));
        var repeat = await api.SendAsync("POST", path, token: member, headers: Key("\"signup-1\""));
        var unkeyed = await api.PostAsync(path, token: member);

        Assert.Equal(201, first.Status);
        Assert.Equal((201, first.Body), (repeat.Status, repeat.Body));
        Assert.Equal(409, unkeyed.Status);
        Assert.Equal("already-signed-up", unkeyed.ProblemCode);
        Assert.Null(unkeyed.Header(IdempotencyStep.ReplayedHeader));
        Assert.Equal(1, await api.SeatsTakenAsync(eventId, host));
    }

    [Fact]
    public async Task Concurrent_duplicates_on_two_instances_take_one_seat_and_the_others_get_the_replay_or_409()
    {
        var a = await store.StartInstanceAsync();
        var b = await store.StartInstanceAsync();
        var (_, host) = await a.SignedInMemberAsync(Role.Host);
        var (_, member) = await a.SignedInMemberAsync();
        var eventId = await a.Client.CreateEventAsync(host);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? a : b).Client.SendAsync("POST", $"/api/events/{eventId}/signups", token: member, headers: Key("crowd"))));

        Assert.All(answers, r => Assert.True(r.Status == 201 || (r.Status == 409 && r.ProblemCode == "idempotency-key-in-use"), r.ToString()));
        Assert.Single(answers, r => r.Status == 201 && r.Header(IdempotencyStep.ReplayedHeader) is null);
        Assert.All(answers.Where(r => r.Status == 409), r => Assert.Equal("1", r.Header("Retry-After")));
        Assert.Equal(1, await a.Client.SeatsTakenAsync(eventId, host));
        var settled = await b.Client.SendAsync("POST", $"/api/events/{eventId}/signups", token: member, headers: Key("crowd"));
        Assert.Equal((201, "true"), (settled.Status, settled.Header(IdempotencyStep.ReplayedHeader)));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("two words")]
    [InlineData("\"unterminated")]
    [InlineData("back\\slash")]
    [InlineData("ключ")]
    [InlineData("\"\"")]
    public async Task A_malformed_key_is_a_400_problem_and_nothing_is_done(string key)
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var response = await store.Instance.Client.SendAsync("POST", "/api/events", JsonSerializer.Serialize(Requests.Event("Malformed " + Guid.NewGuid())),
            token: host, headers: Key(key));

        Assert.Equal(400, response.Status);
        Assert.Equal("invalid-idempotency-key", response.ProblemCode);
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_or_a_list_of_keys_is_a_400_problem()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var api = store.Instance.Client;
        var longest = new string('k', IdempotencyStep.MaxKeyLength);

        var tooLong = await api.SendAsync("DELETE", "/api/events/e-missing", token: host, headers: Key(longest + "k"));
        var twice = await api.SendAsync("DELETE", "/api/events/e-missing", token: host, headers: Key("a, b"));
        var fine = await api.SendAsync("DELETE", "/api/events/e-missing", token: host, headers: Key(longest));

        Assert.Equal((400, "invalid-idempotency-key"), (tooLong.Status, tooLong.ProblemCode));
        Assert.Equal((400, "invalid-idempotency-key"), (twice.Status, twice.ProblemCode));
        Assert.Equal(404, fine.Status);
    }

    [Fact]
    public async Task A_key_belongs_to_its_caller_so_another_member_with_the_same_key_does_its_own_work()
    {
        var api = store.Instance.Client;
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, ana) = await store.Instance.SignedInMemberAsync();
        var (_, ben) = await store.Instance.SignedInMemberAsync();
        var eventId = await api.CreateEventAsync(host);

        var first = await api.SendAsync("POST", $"/api/events/{eventId}/signups", token: ana, headers: Key("shared"));
        var other = await api.SendAsync("POST", $"/api/events/{eventId}/signups", token: ben, headers: Key("shared"));

        Assert.Equal((201, 201), (first.Status, other.Status));
        Assert.Null(other.Header(IdempotencyStep.ReplayedHeader));
        Assert.Equal(2, await api.SeatsTakenAsync(eventId, host));
    }

    [Fact]
    public async Task An_anonymous_member_sign_up_is_keyed_per_client_address()
    {
        var body = JsonSerializer.Serialize(Requests.SignUp(Seed.NewUserId()));
        var api = store.Instance.Client;
        var here = Seed.NewClientAddress();

        var first = await api.SendAsync("POST", "/api/members", body, headers: Key("join"), clientAddress: here);
        var repeat = await api.SendAsync("POST", "/api/members", body, headers: Key("join"), clientAddress: here);
        var elsewhere = await api.SendAsync("POST", "/api/members", body, headers: Key("join"), clientAddress: Seed.NewClientAddress());

        Assert.Equal(201, first.Status);
        Assert.Equal((201, "true"), (repeat.Status, repeat.Header(IdempotencyStep.ReplayedHeader)));
        Assert.Equal((409, null), (elsewhere.Status, elsewhere.Header(IdempotencyStep.ReplayedHeader))); // another caller: the work runs, the id is taken
    }

    [Fact]
    public async Task A_5xx_answer_is_not_stored_so_the_retry_does_the_work()
    {
        var flaky = new FlakySignUps(failures: 1);
        var instance = await store.StartInstanceAsync(services: s => s.AddSingleton<ISignUpStore>(sp =>
            flaky.Around(ActivatorUtilities.CreateInstance<GroupCommitSignUpStore>(sp))));
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await instance.SignedInMemberAsync();
        var eventId = await instance.Client.CreateEventAsync(host);
        var path = $"/api/events/{eventId}/signups";

        var failed = await instance.Client.SendAsync("POST", path, token: member, headers: Key("after-outage"));
        var retried = await instance.Client.SendAsync("POST", path, token: member, headers: Key("after-outage"));
        var replayed = await instance.Client.SendAsync("POST", path, token: member, headers: Key("after-outage"));

        Assert.Equal(503, failed.Status);
        Assert.Equal(201, retried.Status);
        Assert.Null(retried.Header(IdempotencyStep.ReplayedHeader));
        Assert.Equal((201, retried.Body, "true"), (replayed.Status, replayed.Body, replayed.Header(IdempotencyStep.ReplayedHeader)));
        Assert.Equal(2, flaky.Calls);
        Assert.Equal(1, await instance.Client.SeatsTakenAsync(eventId, host));
    }

    [Fact]
    public async Task After_a_crash_between_the_work_and_its_record_a_retry_past_the_lease_takes_over_and_is_told_201_not_409()
    {
        // Instance A takes the seat, then "dies" before it can store the response (its store refuses every write after the claim).
        // One shifted clock for both: the lease runs out when the test says so, not when a slow machine makes it.
        var clock = new ShiftedClock();
        var a = await store.StartInstanceAsync(s => s["Festa:Idempotency:Lease"] = "00:00:04",
            s => { CrashAfterClaim.Around(s); s.AddSingleton<TimeProvider>(clock); });
        var b = await store.StartInstanceAsync(s => s["Festa:Idempotency:Lease"] = "00:00:04",
            s => s.AddSingleton<TimeProvider>(clock));
        var (_, host) = await b.SignedInMemberAsync(Role.Host);
        var (_, member) = await b.SignedInMemberAsync();
        var eventId = await b.Client.CreateEventAsync(host);
        var path = $"/api/events/{eventId}/signups";

        var lost = await a.Client.SendAsync("POST", path, token: member, headers: Key("crash"));
        Assert.Equal(500, lost.Status);
        Assert.Equal(1, await b.Client.SeatsTakenAsync(eventId, host));

        var tooSoon = await b.Client.SendAsync("POST", path, token: member, headers: Key("crash"));
        Assert.Equal((409, "idempotency-key-in-use"), (tooSoon.Status, tooSoon.ProblemCode));

        clock.Advance(TimeSpan.FromSeconds(5));
        var takenOver = await b.Client.SendAsync("POST", path, token: member, headers: Key("crash"));
        var replayed = await b.Client.SendAsync("POST", path, token: member, headers: Key("crash"));

        Assert.True(takenOver.Status == 201, takenOver.ToString());
        Assert.Null(takenOver.Header(IdempotencyStep.ReplayedHeader));
        Assert.Equal((201, takenOver.Body, "true"), (replayed.Status, replayed.Body, replayed.Header(IdempotencyStep.ReplayedHeader)));
        Assert.Equal(1, await b.Client.SeatsTakenAsync(eventId, host));
    }

    /// <summary>Fails the first <c>failures</c> sign-ups with a store outage (503 from the SDK), then passes through.</summary>
    private sealed class FlakySignUps(int failures)
    {
        private readonly int _failures = failures;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ISignUpStore Around(ISignUpStore inner) => new Store(this, inner);

        private sealed class Store(FlakySignUps owner, ISignUpStore inner) : ISignUpStore
        {
            public Task<SignUpOutcome> SignUpAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken, string? requestId = null) =>
                Interlocked.Increment(ref owner._calls) <= owner._failures
                    ? throw new Azure.RequestFailedException(503, "Server busy")
                    : inner.SignUpAsync(eventId, memberId, now, cancellationToken, requestId);

            public Task<CancelOutcome> CancelAsync(EventId eventId, UserId memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
                inner.CancelAsync(eventId, memberId, now, cancellationToken);

            public Task<StorePage<SignUpRecord>> ListParticipantsAsync(EventId eventId, string? after, int limit, CancellationToken cancellationToken) =>
                inner.ListParticipantsAsync(eventId, after, limit, cancellationToken);

            public Task<IReadOnlyList<(FestaEvent Event, DateTimeOffset SignedUpAt)>> ListOfMemberAsync(UserId memberId, CancellationToken cancellationToken) =>
                inner.ListOfMemberAsync(memberId, cancellationToken);
        }
    }

    /// <summary>The configured store for claims; every later write (complete, release) fails as if the instance had died.</summary>
    private sealed class CrashAfterClaim(IIdempotencyStore inner) : IIdempotencyStore
    {
        private readonly IIdempotencyStore _inner = inner;

        /// <summary>Registers it around the store adapter's own registration.</summary>
        public static void Around(IServiceCollection services)
        {
            var adapter = services.Last(d => d.ServiceType == typeof(IIdempotencyStore)).ImplementationType!;
            services.AddSingleton<IIdempotencyStore>(sp => new CrashAfterClaim((IIdempotencyStore)ActivatorUtilities.CreateInstance(sp, adapter)));
        }

        public Task<IdempotencyRecord?> ReadAsync(string id, CancellationToken cancellationToken) => _inner.ReadAsync(id, cancellationToken);

        public Task<IdempotencyInsert> TryInsertAsync(string id, IdempotencyRecord record, CancellationToken cancellationToken) => _inner.TryInsertAsync(id, record, cancellationToken);

        public Task<string?> TryReplaceAsync(string id, IdempotencyRecord record, string version, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The instance died.");

        public Task<bool> TryDeleteAsync(string id, string version, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The instance died.");

        public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
