using Festa.Core.Members;

namespace Festa.Core.Auth.Sessions;

/// <summary>
/// A login. Valid while now is before both the sliding idle expiry and the absolute expiry.
/// The member's role is kept here because it never changes, so authorization needs no member read.
/// </summary>
public sealed record Session(
    SessionId Id,
    UserId MemberId,
    Role Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    string? UserAgent)
{
    public const int UserAgentMaxLength = 256;

    public bool IsActiveAt(DateTimeOffset now) => now < IdleExpiresAt && now < AbsoluteExpiresAt;
}
