using Festa.Core.Auth.Sessions;
using Festa.Core.Events.SignUps.Ledger;
using Festa.Core.Members;
using Festa.Core.Members.Passwords;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Festa.TestSupport;

/// <summary>
/// Creates members and sessions directly through the store ports and the session issuer, for tests
/// that need many of them: a real login costs a deliberate ~150 ms of hashing each.
/// </summary>
public static class Seed
{
    public const string Password = "Seeded-Pass-4471";

    private static readonly Lazy<string> PasswordHash = new(() =>
        new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions())).Hash(Password));

    public static string NewUserId(string prefix = "u") => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A client address of its own (documentation range 2001:db8::/32), so per-client limits of tests never meet.</summary>
    public static string NewClientAddress() => "2001:db8::" + string.Join(':', Guid.NewGuid().ToString("N")[..16].Chunk(4).Select(c => new string(c)));

    public static async Task<Member> MemberAsync(this FestaInstance instance, string? userId = null, Role role = Role.Member, Region? region = null)
    {
        var now = DateTimeOffset.UtcNow;
        var member = new Member(UserId.FromTrusted(userId ?? NewUserId()), "Seeded Member", "seeded@example.com", null, role, region,
            PasswordHash.Value, now, now, Member.NewSecurityStamp(), WithdrawnAt: null);
        // As the account sign-up does (SignUpHandler): the sign-up gate first, where the store keeps one.
        if (instance.Services.GetService<ISignUpGate>() is { } gate)
        {
            await gate.OpenAsync(member.UserId, CancellationToken.None);
        }

        if (!await instance.Get<IMemberStore>().TryAddAsync(member, CancellationToken.None))
        {
            throw new InvalidOperationException($"Member {member.UserId} already exists.");
        }

        return member;
    }

    /// <returns>A bearer token for a new session of the member.</returns>
    public static async Task<string> SessionAsync(this FestaInstance instance, Member member)
    {
        var issued = await instance.Get<SessionIssuer>().IssueAsync(member, "festa-tests", CancellationToken.None);
        return issued.Value.Token;
    }

    /// <summary><paramref name="count"/> members with a session each, created 16 at a time.</summary>
    public static async Task<(Member Member, string Token)[]> SignedInMembersAsync(this FestaInstance instance, int count)
    {
        var members = new (Member, string)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => members[i] = await instance.SignedInMemberAsync());
        return members;
    }

    public static async Task<(Member Member, string Token)> SignedInMemberAsync(this FestaInstance instance, Role role = Role.Member, Region? region = null)
    {
        var member = await instance.MemberAsync(role: role, region: region);
        return (member, await instance.SessionAsync(member));
    }
}
