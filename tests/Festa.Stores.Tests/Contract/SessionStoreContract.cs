using Festa.Core.Auth.Sessions;
using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="ISessionStore"/> must do, whatever the store behind it.</summary>
public abstract class SessionStoreContract(StoreFixture fixture)
{
    private ISessionStore Store => fixture.Instance.Get<ISessionStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_session_is_found_by_its_id()
    {
        var session = NewSession(UserId.FromTrusted(Seed.NewUserId()));
        await Store.AddAsync(session, Ct);

        var found = await Store.FindAsync(session.Id, Ct);

        Assert.Equal(session, found!.Value);
        Assert.Null(await Store.FindAsync(SessionTokens.Create().Id, Ct));
    }

    [Fact]
    public async Task Touch_refreshes_once_per_version_and_never_resurrects_a_deleted_session()
    {
        var session = NewSession(UserId.FromTrusted(Seed.NewUserId()));
        await Store.AddAsync(session, Ct);
        var read = (await Store.FindAsync(session.Id, Ct))!;
        var refreshed = read.Value with { LastSeenAt = Now.AddMinutes(1), IdleExpiresAt = Now.AddMinutes(31) };

        Assert.Equal(TouchOutcome.Refreshed, await Store.TouchAsync(refreshed, read.Version, Ct));
        Assert.Equal(TouchOutcome.AlreadyRefreshed, await Store.TouchAsync(refreshed, read.Version, Ct));
        Assert.Equal(refreshed.IdleExpiresAt, (await Store.FindAsync(session.Id, Ct))!.Value.IdleExpiresAt);

        var current = (await Store.FindAsync(session.Id, Ct))!;
        await Store.DeleteAsync(session.Id, session.MemberId, Ct);
        Assert.Equal(TouchOutcome.Gone, await Store.TouchAsync(refreshed, current.Version, Ct));
        Assert.Null(await Store.FindAsync(session.Id, Ct));
    }

    [Fact]
    public async Task Sessions_are_listed_per_member_and_deleted_idempotently()
    {
        var alice = UserId.FromTrusted(Seed.NewUserId());
        var bob = UserId.FromTrusted(Seed.NewUserId());
        var a1 = NewSession(alice);
        var a2 = NewSession(alice);
        var b1 = NewSession(bob);
        foreach (var s in new[] { a1, a2, b1 })
        {
            await Store.AddAsync(s, Ct);
        }

        Assert.Equal(new[] { a1.Id, a2.Id }.OrderBy(id => id.Value), (await ListAllAsync(alice)).Select(s => s.Id).OrderBy(id => id.Value));

        await Store.DeleteAsync(a1.Id, alice, Ct);
        await Store.DeleteAsync(a1.Id, alice, Ct);

        Assert.Equal([a2.Id], (await ListAllAsync(alice)).Select(s => s.Id));
        Assert.Equal([b1.Id], (await ListAllAsync(bob)).Select(s => s.Id));
    }

    [Fact]
    public async Task Deleting_all_of_a_member_can_spare_one_session()
    {
        var alice = UserId.FromTrusted(Seed.NewUserId());
        var sessions = Enumerable.Range(0, 5).Select(_ => NewSession(alice)).ToList();
        foreach (var s in sessions)
        {
            await Store.AddAsync(s, Ct);
        }

        Assert.Equal(4, await Store.DeleteAllOfMemberAsync(alice, sessions[2].Id, Ct));

        Assert.Equal([sessions[2].Id], (await ListAllAsync(alice)).Select(s => s.Id));
        Assert.Null(await Store.FindAsync(sessions[0].Id, Ct));
        Assert.NotNull(await Store.FindAsync(sessions[2].Id, Ct));

        Assert.Equal(1, await Store.DeleteAllOfMemberAsync(alice, keep: null, Ct));
        Assert.Empty(await ListAllAsync(alice));
    }

    [Fact]
    public async Task Expired_sessions_are_removed_and_live_ones_kept()
    {
        fixture.Require(StoreCapability.TimeToLive);
        var alice = UserId.FromTrusted(Seed.NewUserId());
        var live = NewSession(alice);
        var idle = NewSession(alice) with { IdleExpiresAt = Now.AddMinutes(-1) };
        var old = NewSession(alice) with { AbsoluteExpiresAt = Now.AddSeconds(-1), IdleExpiresAt = Now.AddSeconds(-1) };
        foreach (var s in new[] { live, idle, old })
        {
            await Store.AddAsync(s, Ct);
        }

        // The hour after the absolute expiry every store has removed it; an idle-expired session (refused on every
        // read at once) may stay stored until its own absolute expiry (Table: the expiry index is by absolute expiry).
        await Store.DeleteExpiredAsync(Now.AddHours(1), Ct);
        await WaitUntilGoneAsync([old.Id]);

        Assert.NotNull(await Store.FindAsync(live.Id, Ct));
        Assert.Null(await Store.FindAsync(old.Id, Ct));
        Assert.DoesNotContain(old.Id, (await ListAllAsync(alice)).Select(s => s.Id));

        await Store.DeleteExpiredAsync(idle.AbsoluteExpiresAt.AddHours(1), Ct);
        await WaitUntilGoneAsync([idle.Id]);
        Assert.Null(await Store.FindAsync(idle.Id, Ct));
    }

    [Fact]
    public async Task A_members_sessions_are_paged_in_id_order_without_gaps_or_repeats()
    {
        var alice = UserId.FromTrusted(Seed.NewUserId());
        var sessions = Enumerable.Range(0, 8).Select(_ => NewSession(alice)).ToList();
        foreach (var s in sessions)
        {
            await Store.AddAsync(s, Ct);
        }

        await Store.AddAsync(NewSession(UserId.FromTrusted(Seed.NewUserId())), Ct);
        await Store.DeleteAsync(sessions[3].Id, alice, Ct);

        var first = await Store.ListByMemberAsync(alice, null, 3, Ct);
        var second = await Store.ListByMemberAsync(alice, first.After, 3, Ct);
        var last = await Store.ListByMemberAsync(alice, second.After, 3, Ct);

        var expected = sessions.Where((_, i) => i != 3).Select(s => s.Id.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected[..3], first.Items.Select(s => s.Id.Value));
        Assert.Equal(expected[2], first.After);
        Assert.Equal(expected[3..6], second.Items.Select(s => s.Id.Value));
        Assert.Equal(expected[6..], last.Items.Select(s => s.Id.Value));
        Assert.Null(last.After);
        Assert.Equal(sessions[0], first.Items.Concat(second.Items).Concat(last.Items).Single(s => s.Id == sessions[0].Id));
    }

    [Fact]
    public async Task The_member_index_lists_each_sessions_creation_and_absolute_expiry_without_reading_the_sessions()
    {
        var alice = UserId.FromTrusted(Seed.NewUserId());
        var fresh = NewSession(alice);
        var older = fresh with { CreatedAt = fresh.CreatedAt.AddHours(-2) };
        var newer = NewSession(alice);
        await Store.AddAsync(older, Ct);
        await Store.AddAsync(newer, Ct);

        var entries = (await Store.ListIndexAsync(alice, Ct)).OrderBy(e => e.CreatedAt).ToList();

        Assert.Equal([new SessionIndexEntry(older.Id, older.CreatedAt, older.AbsoluteExpiresAt), new SessionIndexEntry(newer.Id, newer.CreatedAt, newer.AbsoluteExpiresAt)],
            entries);
        Assert.Empty(await Store.ListIndexAsync(UserId.FromTrusted(Seed.NewUserId()), Ct));
    }

    private async Task<List<Session>> ListAllAsync(UserId memberId)
    {
        var all = new List<Session>();
        string? after = null;
        do
        {
            var page = await Store.ListByMemberAsync(memberId, after, 2, Ct);
            all.AddRange(page.Items);
            after = page.After;
        }
        while (after is not null);

        return all;
    }

    /// <summary>Stores that expire by TTL remove expired sessions on their own, a moment after expiry.</summary>
    private async Task WaitUntilGoneAsync(IReadOnlyList<SessionId> ids)
    {
        var deadline = DateTimeOffset.UtcNow + fixture.ExpiryLatency();
        while (DateTimeOffset.UtcNow < deadline)
        {
            var found = await Task.WhenAll(ids.Select(id => Store.FindAsync(id, Ct)));
            if (found.All(f => f is null))
            {
                return;
            }

            await Task.Delay(250, Ct);
        }
    }

    private static Session NewSession(UserId member)
    {
        var now = new DateTimeOffset(Now.UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return new Session(SessionTokens.Create().Id, member, Role.Member, now, now, now.AddMinutes(30), now.AddHours(12), "tests/1.0");
    }
}
