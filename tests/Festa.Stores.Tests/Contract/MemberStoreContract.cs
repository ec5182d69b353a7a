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
    public async Task The_login_lookup_finds_the_member_and_nothing_for_an_unknown_id()
    {
        var member = NewMember();
        await Store.TryAddAsync(member, Ct);

        var found = await Store.FindForLoginAsync(member.UserId, Ct);

        Assert.Equal(member, found!.Value);
        Assert.Equal((await Store.FindAsync(member.UserId, Ct))!.Version, found.Version);
        Assert.Null(await Store.FindForLoginAsync(UserId.FromTrusted(Seed.NewUserId()), Ct));
    }

    private static Member NewMember(Region? region = null, string? phone = null) =>
        new(UserId.FromTrusted(Seed.NewUserId()), "Test Member", "member@example.com", phone, Role.Host, region,
            "hash", T0, T0.AddMinutes(-5), Member.NewSecurityStamp(), WithdrawnAt: null);
}
