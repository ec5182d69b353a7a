using Festa.Core.Auth.Throttling;
using Festa.Core.Members;

namespace Festa.Cosmos.Members;

/// <summary>The account document: id "profile" in the member's partition.</summary>
internal sealed record MemberDocument(
    string Id,
    string Pk,
    string Name,
    string Email,
    string? Phone,
    string Role,
    string? City,
    string? District,
    string PasswordHash,
    DateTimeOffset PasswordChangedAt,
    DateTimeOffset CreatedAt,
    string SecurityStamp,
    DateTimeOffset? WithdrawnAt)
{
    public const string Key = "profile";

    public static MemberDocument From(Member m) => new(Key, m.UserId.Value, m.Name, m.Email, m.Phone, m.Role.ToWire(),
        m.Region?.City, m.Region?.District, m.PasswordHash, m.PasswordChangedAt, m.CreatedAt, m.SecurityStamp, m.WithdrawnAt);

    public Member ToMember() => new(
        UserId.FromTrusted(Pk),
        Name,
        Email,
        Phone,
        Roles.TryParse(Role, out var role) ? role : Core.Members.Role.Member,
        City is null || District is null ? null : new Region(City, District),
        PasswordHash,
        PasswordChangedAt,
        CreatedAt,
        SecurityStamp,
        WithdrawnAt);
}

/// <summary>The failed-login record: id "login-failures" next to the account, so one query reads both.</summary>
internal sealed record LoginFailuresDocument(string Id, string Pk, IReadOnlyList<long> FailureTicks)
{
    public const string Key = "login-failures";

    // Ticks keep full precision; the list is at most the throttle limit long.
    public static LoginFailuresDocument From(UserId userId, LoginFailures failures) =>
        new(Key, userId.Value, failures.Recent.Select(t => t.UtcTicks).ToList());

    public LoginFailures ToLoginFailures() =>
        new(FailureTicks.Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList());
}
