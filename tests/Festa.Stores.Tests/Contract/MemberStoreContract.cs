using Festa.Core.Auth.Throttling;
using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="IMemberStore"/> must do, whatever the store behind it.</summary>
public abstract class MemberStoreContract(StoreFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 30, 15, 123, TimeSpan.Zero);

    private IMemberStore Store => fixture.Instance.Get<IMemberStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_round_trips_with_every_field()
    {
        var member = NewMember(region: new Region("Seoul", "Mapo-gu"), phone: "+82 10-1234-5678");
        Assert.True(await Store.TryAddAsync(member, Ct));

        var found = await Store.FindAsync(member.UserId, Ct);

        Assert.NotNull(found);
        Assert.Equal(member, found.Value);
        Assert.False(string.IsNullOrEmpty(found.Version));
    }

    [Fact]
    public async Task A_taken_user_id_cannot_be_added_again()
    {
        var member = NewMember();
        Assert.True(await Store.TryAddAsync(member, Ct));
        Assert.False(await Store.TryAddAsync(member with { Name = "Impostor" }, Ct));
        Assert.Equal("Test Member", (await Store.FindAsync(member.UserId, Ct))!.Value.Name);
    }

    [Fact]
    public async Task An_unknown_member_is_not_found() =>
        Assert.Null(await Store.FindAsync(UserId.FromTrusted(Seed.NewUserId()), Ct));

    [Fact]
    public async Task Replace_succeeds_only_from_the_current_version()
    {
        var member = NewMember();
        await Store.TryAddAsync(member, Ct);
        var v1 = (await Store.FindAsync(member.UserId, Ct))!;

        Assert.True(await Store.TryReplaceAsync(member with { Name = "First" }, v1.Version, Ct));
        Assert.False(await Store.TryReplaceAsync(member with { Name = "Stale" }, v1.Version, Ct));

        var v2 = (await Store.FindAsync(member.UserId, Ct))!;
        Assert.Equal("First", v2.Value.Name);
        Assert.NotEqual(v1.Version, v2.Version);
    }

    [Fact]
    public async Task Replace_of_a_missing_member_fails_and_creates_nothing()
    {
        var member = NewMember();
        await Store.TryAddAsync(member, Ct);
        var version = (await Store.FindAsync(member.UserId, Ct))!.Version;
        var other = NewMember();

        Assert.False(await Store.TryReplaceAsync(other, version, Ct));
        Assert.Null(await Store.FindAsync(other.UserId, Ct));
    }

    [Fact]
    public async Task Login_record_reads_the_member_and_its_failures_together()
    {
        var member = NewMember();
        await Store.TryAddAsync(member, Ct);
        Assert.True(await Store.TrySaveLoginFailuresAsync(member.UserId, new LoginFailures([T0, T0.AddMinutes(1)]), null, Ct));

        var record = await Store.FindForLoginAsync(member.UserId, Ct);

        Assert.Equal(member, record.Member!.Value);
        Assert.Equal([T0, T0.AddMinutes(1)], record.Failures!.Value.Recent);
    }

    [Fact]
    public async Task Failures_are_recorded_for_unknown_accounts_too()
    {
        var unknown = UserId.FromTrusted(Seed.NewUserId());
        Assert.True(await Store.TrySaveLoginFailuresAsync(unknown, new LoginFailures([T0]), null, Ct));

        var record = await Store.FindForLoginAsync(unknown, Ct);

        Assert.Null(record.Member);
        Assert.Single(record.Failures!.Value.Recent);
        Assert.Null(await Store.FindAsync(unknown, Ct));
    }

    [Fact]
    public async Task Concurrent_failure_writes_cannot_overwrite_each_other()
    {
        var userId = UserId.FromTrusted(Seed.NewUserId());
        Assert.True(await Store.TrySaveLoginFailuresAsync(userId, new LoginFailures([T0]), null, Ct));
        Assert.False(await Store.TrySaveLoginFailuresAsync(userId, new LoginFailures([T0]), null, Ct));

        var read = (await Store.FindForLoginAsync(userId, Ct)).Failures!;
        Assert.True(await Store.TrySaveLoginFailuresAsync(userId, new LoginFailures([T0, T0.AddSeconds(1)]), read.Version, Ct));
        Assert.False(await Store.TrySaveLoginFailuresAsync(userId, new LoginFailures([T0, T0.AddSeconds(2)]), read.Version, Ct));
        Assert.Equal(2, (await Store.FindForLoginAsync(userId, Ct)).Failures!.Value.Recent.Count);
    }

    [Fact]
    public async Task Clearing_failures_is_idempotent_and_leaves_the_member()
    {
        var member = NewMember();
        await Store.TryAddAsync(member, Ct);
        await Store.TrySaveLoginFailuresAsync(member.UserId, new LoginFailures([T0]), null, Ct);

        await Store.ClearLoginFailuresAsync(member.UserId, Ct);
        await Store.ClearLoginFailuresAsync(member.UserId, Ct);

        var record = await Store.FindForLoginAsync(member.UserId, Ct);
        Assert.Null(record.Failures);
        Assert.NotNull(record.Member);
    }

    private static Member NewMember(Region? region = null, string? phone = null) =>
        new(UserId.FromTrusted(Seed.NewUserId()), "Test Member", "member@example.com", phone, Role.Host, region,
            "hash", T0, T0.AddMinutes(-5), Member.NewSecurityStamp(), WithdrawnAt: null);
}
