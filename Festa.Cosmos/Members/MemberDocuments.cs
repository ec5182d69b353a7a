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
    DateTimeOffset? WithdrawnAt,
    DateTimeOffset? WithdrawingSince = null)
{
    public const string Key = "profile";

    public static MemberDocument From(Member m) => new(Key, m.UserId.Value, m.Name, m.Email, m.Phone, m.Role.ToWire(),
        m.Region?.City, m.Region?.District, m.PasswordHash, m.PasswordChangedAt, m.CreatedAt, m.SecurityStamp, m.WithdrawnAt,
        m.WithdrawingSince);

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
        WithdrawnAt)
    {
        WithdrawingSince = WithdrawingSince,
    };
}
