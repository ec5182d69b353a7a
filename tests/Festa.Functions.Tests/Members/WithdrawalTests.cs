using Festa.Core.Auth.Sessions;
using Festa.Core.Events;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Notifications;
using Festa.Core.Members.Passwords;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Tests.Members;

/// <summary>
/// DELETE /api/members/me through the HTTP pipeline on both stores: the password confirmation and its throttle,
/// the withdrawing state, and a withdrawal that fails half-way being finished by a retry with the same session.
/// </summary>
public abstract class WithdrawalContract(StoreFixture store)
{
    private FestaClient Api => store.Instance.Client;

    [Fact]
    public async Task A_wrong_password_is_401_wrong_password_changes_nothing_and_counts_towards_the_login_throttle()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        var api = Api.From(Seed.NewClientAddress());
        var (member, token) = await store.Instance.SignedInMemberAsync();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await api.WithdrawAsync(token, $"Wrong-Password-{i}");
            Assert.Equal(401, wrong.Status);
            Assert.Equal("wrong-password", wrong.ProblemCode);
        }

        var locked = await api.WithdrawAsync(token, Seed.Password);
        Assert.Equal(429, locked.Status);
        Assert.Equal("too-many-login-attempts", locked.ProblemCode);
        Assert.NotNull(locked.Header("Retry-After"));
        Assert.Equal(429, (await api.PostAsync("/api/auth/login", Requests.Login(member.UserId.Value, Seed.Password))).Status);

        Assert.Equal(200, (await api.GetAsync("/api/members/me", token)).Status);
        Assert.True((await MemberAsync(member)).IsActive);

        // The real user, from another address, is not locked out and can still withdraw.
        Assert.Equal(204, (await Api.From(Seed.NewClientAddress()).WithdrawAsync(token, Seed.Password)).Status);
    }

    [Fact]
    public async Task Without_a_password_the_withdrawal_is_refused_before_anything_is_changed()
    {
        var (member, token) = await store.Instance.SignedInMemberAsync();

        var noBody = await Api.SendAsync("DELETE", "/api/members/me", token: token);
        var empty = await Api.SendAsync("DELETE", "/api/members/me", string.Empty, token: token);
        var noPassword = await Api.SendAsync("DELETE", "/api/members/me", "{}", token: token);
        var unknownMember = await Api.SendAsync("DELETE", "/api/members/me", """{"password":"x","force":true}""", token: token);

        Assert.Equal((415, "unsupported-media-type"), (noBody.Status, noBody.ProblemCode));
        Assert.Equal((400, "body-required"), (empty.Status, empty.ProblemCode));
        Assert.Equal((400, "validation"), (noPassword.Status, noPassword.ProblemCode));
        Assert.True(noPassword.Json.GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal((400, "malformed-json"), (unknownMember.Status, unknownMember.ProblemCode));
        Assert.True((await MemberAsync(member)).IsActive);
        Assert.Equal(401, (await Api.WithdrawAsync("not-a-session", Seed.Password)).Status);
    }

    [Fact]
    public async Task A_withdrawal_that_fails_at_the_session_revocation_is_finished_by_a_retry_with_the_same_session()
    {
        var faults = new Faults();
        var api = (await store.StartInstanceAsync(services: s => faults.AddTo(s))).Client;
        var (member, token) = await store.Instance.SignedInMemberAsync();
        var other = await store.Instance.SessionAsync(member);

        faults.FailRevocations = 1;
        var failed = await api.WithdrawAsync(token, Seed.Password);

        Assert.True(failed.Status >= 500, failed.ToString());
        var state = await MemberAsync(member);
        Assert.True(state.WithdrawingSince is not null && !state.IsWithdrawn, "the member is withdrawing, not withdrawn");
        Assert.Equal("invalid-credentials", (await Api.PostAsync("/api/auth/login", Requests.Login(member.UserId.Value, Seed.Password))).ProblemCode);
        Assert.Equal(200, (await api.GetAsync("/api/members/me", token)).Status);

        Assert.Equal(204, (await api.WithdrawAsync(token, Seed.Password)).Status);

        Assert.True((await MemberAsync(member)).IsWithdrawn);
        Assert.Equal(401, (await api.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(401, (await api.GetAsync("/api/members/me", other)).Status);
        Assert.Empty((await store.Instance.Get<ISessionStore>().ListByMemberAsync(member.UserId, null, 100, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task A_withdrawal_that_fails_after_erasing_is_finished_by_a_retry_that_only_ends_the_session()
    {
        var faults = new Faults();
        var api = (await store.StartInstanceAsync(services: s => faults.AddTo(s))).Client;
        var (member, token) = await store.Instance.SignedInMemberAsync();

        faults.FailSessionDeletions = 1;
        Assert.True((await api.WithdrawAsync(token, Seed.Password)).Status >= 500);
        var erased = await MemberAsync(member);
        Assert.True(erased.IsWithdrawn);
        Assert.Equal(string.Empty, erased.PasswordHash);

        var retry = await api.WithdrawAsync(token, Seed.Password);

        Assert.Equal(204, retry.Status);
        Assert.Equal(401, (await api.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(401, (await api.WithdrawAsync(token, Seed.Password)).Status);
    }

    [Fact]
    public async Task A_withdrawal_that_fails_while_freeing_seats_is_finished_by_a_retry_and_frees_every_seat()
    {
        store.Require(StoreCapability.Transactions);
        var faults = new Faults();
        var api = (await store.StartInstanceAsync(services: s => faults.AddTo(s))).Client;
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (member, token) = await store.Instance.SignedInMemberAsync();
        var events = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(await Api.CreateEventAsync(host));
            Assert.Equal(201, (await Api.PostAsync($"/api/events/{events[^1]}/signups", token: token)).Status);
        }

        faults.FailCancels = 1;
        var failed = await api.WithdrawAsync(token, Seed.Password);
        Assert.True(failed.Status >= 500, failed.ToString());
        Assert.True((await MemberAsync(member)).WithdrawingSince is not null);

        Assert.Equal(204, (await api.WithdrawAsync(token, Seed.Password)).Status);

        foreach (var id in events)
        {
            Assert.Equal(0, await Api.SeatsTakenAsync(id, host));
        }

        Assert.Empty(await store.Instance.Get<ISignUpStore>().ListOfMemberAsync(member.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task A_withdrawal_gives_its_seat_to_the_head_of_the_waiting_list_with_one_promoted_notice()
    {
        store.Require(StoreCapability.Transactions);
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, leaving) = await store.Instance.SignedInMemberAsync();
        var (waiting, waitingToken) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 1));
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: leaving)).Status);
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/waitlist", token: waitingToken)).Status);

        Assert.Equal(204, (await Api.WithdrawAsync(leaving, Seed.Password)).Status);

        Assert.Equal([waiting.UserId], (await store.Instance.AllParticipantsAsync(id)).Select(p => p.MemberId));
        Assert.Equal(1, await Api.SeatsTakenAsync(id, host));
        Assert.Equal(0, (await Api.GetAsync($"/api/events/{id}", host)).Json.GetProperty("waitlistLength").GetInt32());
        var notice = Assert.Single(await store.Instance.InboxAsync(waiting.UserId), n => n.Kind == NotificationKind.Promoted);
        Assert.Equal(id, notice.EventId);
    }

    [Fact]
    public async Task A_sign_up_that_commits_after_the_withdrawal_began_gives_its_seat_back_and_answers_401()
    {
        store.Require(StoreCapability.Transactions);
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (member, token) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 1));
        await MarkWithdrawingAsync(member);

        var late = await Api.PostAsync($"/api/events/{id}/signups", token: token);

        Assert.Equal((401, "unauthenticated"), (late.Status, late.ProblemCode));
        Assert.Equal(0, await Api.SeatsTakenAsync(id, host));
        var (_, other) = await store.Instance.SignedInMemberAsync();
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: other)).Status);
    }

    [Fact]
    public async Task A_waiting_list_join_that_commits_after_the_withdrawal_began_gives_its_place_back_and_answers_401()
    {
        store.Require(StoreCapability.Transactions);
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (member, token) = await store.Instance.SignedInMemberAsync();
        var id = await Api.CreateEventAsync(host, Requests.Event(capacity: 1));
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{id}/signups", token: host)).Status);
        await MarkWithdrawingAsync(member);

        var late = await Api.PostAsync($"/api/events/{id}/waitlist", token: token);

        Assert.Equal((401, "unauthenticated"), (late.Status, late.ProblemCode));
        Assert.Equal(0, (await Api.GetAsync($"/api/events/{id}", host)).Json.GetProperty("waitlistLength").GetInt32());

        // Nobody is promoted into a seat for a member who left: the host's cancel frees the seat for anyone.
        Assert.Equal(204, (await Api.DeleteAsync($"/api/events/{id}/signups/me", host)).Status);
        Assert.DoesNotContain(await store.Instance.AllParticipantsAsync(id), r => r.MemberId == member.UserId);
    }

    [Fact]
    public async Task A_withdrawing_member_cannot_log_in_even_with_the_right_password()
    {
        var member = await store.Instance.MemberAsync();
        await MarkWithdrawingAsync(member);

        var login = await Api.From(Seed.NewClientAddress()).PostAsync("/api/auth/login", Requests.Login(member.UserId.Value, Seed.Password));

        Assert.Equal((401, "invalid-credentials"), (login.Status, login.ProblemCode));
    }

    [Fact]
    public async Task Twelve_concurrent_wrong_passwords_on_two_instances_hash_at_most_the_limit()
    {
        // Exact counts: the rate-limit window must not roll over during the test.
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        var hashers = new List<CountingPasswordHasher>();
        async Task<FestaClient> StartAsync(string address)
        {
            var hasher = new CountingPasswordHasher(new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions())));
            hashers.Add(hasher);
            return (await store.StartInstanceAsync(services: s => s.AddSingleton<IPasswordHasher>(hasher))).Client.From(address);
        }

        var attacker = Seed.NewClientAddress();
        var clients = new[] { await StartAsync(attacker), await StartAsync(attacker) };
        var (member, token) = await store.Instance.SignedInMemberAsync();

        var guesses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            clients[i % clients.Length].WithdrawAsync(token, $"Wrong-Password-{i}"), TestContext.Current.CancellationToken)));

        Assert.Equal(5, guesses.Count(g => g.Status == 401 && g.ProblemCode == "wrong-password"));
        Assert.Equal(7, guesses.Count(g => g.Status == 429 && g.ProblemCode == "too-many-login-attempts"));
        Assert.Equal(5, hashers.Sum(h => h.Verifications));
        Assert.True((await MemberAsync(member)).IsActive);
    }

    private async Task<Member> MemberAsync(Member member) =>
        (await store.Instance.Get<IMemberStore>().FindAsync(member.UserId, CancellationToken.None))!.Value;

    /// <summary>The first step of a withdrawal, as another instance would have written it.</summary>
    /// <summary>The withdrawal's first step alone: mark the member withdrawing, then close their sign-up gate (where the store keeps one).</summary>
    private async Task MarkWithdrawingAsync(Member member)
    {
        var members = store.Instance.Get<IMemberStore>();
        var current = (await members.FindAsync(member.UserId, CancellationToken.None))!;
        Assert.True(await members.TryReplaceAsync(current.Value.Withdrawing(DateTimeOffset.UtcNow), current.Version, CancellationToken.None));
        if (store.Instance.Services.GetService<ISignUpGate>() is { } gate)
        {
            await gate.CloseAsync(member.UserId, CancellationToken.None);
        }
    }
}

public sealed class TableWithdrawalTests(TableStoreFixture store) : WithdrawalContract(store), IClassFixture<TableStoreFixture>;

/// <summary>The seat cases need transactional batches, which only a real Cosmos account serves: skipped on the local test server.</summary>
public sealed class CosmosWithdrawalTests(CosmosStoreFixture store) : WithdrawalContract(store), IClassFixture<CosmosStoreFixture>;
