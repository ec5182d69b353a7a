using System.Security.Cryptography;

namespace Festa.Core.Members;

/// <summary>
/// A member account. Withdrawn accounts keep their user id reserved but lose their personal data.
/// <see cref="SecurityStamp"/> changes whenever existing sessions must stop being honoured.
/// </summary>
public sealed record Member(
    UserId UserId,
    string Name,
    string Email,
    string? Phone,
    Role Role,
    Region? Region,
    string PasswordHash,
    DateTimeOffset PasswordChangedAt,
    DateTimeOffset CreatedAt,
    string SecurityStamp,
    DateTimeOffset? WithdrawnAt)
{
    public bool IsWithdrawn => WithdrawnAt is not null;

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Member WithPassword(string passwordHash, DateTimeOffset now) => this with
    {
        PasswordHash = passwordHash,
        PasswordChangedAt = now,
        SecurityStamp = NewSecurityStamp(),
    };

    /// <summary>Keeps the user id reserved and forgets everything personal.</summary>
    public Member Withdrawn(DateTimeOffset now) => this with
    {
        Name = string.Empty,
        Email = string.Empty,
        Phone = null,
        Region = null,
        PasswordHash = string.Empty,
        SecurityStamp = NewSecurityStamp(),
        WithdrawnAt = now,
    };

    public MemberProfile ToProfile() =>
        new(UserId.Value, Name, Email, Phone, Role, Region, CreatedAt, PasswordChangedAt);
}

/// <summary>What a member sees of their own account.</summary>
public sealed record MemberProfile(
    string UserId,
    string Name,
    string Email,
    string? Phone,
    Role Role,
    Region? Region,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordChangedAt);
