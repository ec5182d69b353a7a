using System.Security.Cryptography;

namespace Festa.Core.Members;

/// <summary>
/// A member account. Withdrawn accounts keep their user id reserved but lose their personal data.
/// <see cref="SecurityStamp"/> changes whenever existing sessions must stop being honoured.
/// Life cycle: active → withdrawing (<see cref="WithdrawingSince"/> set: no new login, seats being freed) →
/// withdrawn (<see cref="WithdrawnAt"/> set: personal data erased). docs/concurrency.md, "Withdrawal".
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
    /// <summary>When the member asked to withdraw (UTC); from then on no login succeeds and every sign-up gives its seat back.</summary>
    public DateTimeOffset? WithdrawingSince { get; init; }

    public bool IsWithdrawn => WithdrawnAt is not null;

    /// <summary>Neither withdrawing nor withdrawn: the only state in which a login may open a session.</summary>
    public bool IsActive => WithdrawingSince is null && WithdrawnAt is null;

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Member WithPassword(string passwordHash, DateTimeOffset now) => this with
    {
        PasswordHash = passwordHash,
        PasswordChangedAt = now,
        SecurityStamp = NewSecurityStamp(),
    };

    /// <summary>The first step of a withdrawal: the account stays as it is (password included) but refuses logins.</summary>
    public Member Withdrawing(DateTimeOffset now) => this with { WithdrawingSince = WithdrawingSince ?? now };

    /// <summary>Keeps the user id reserved and forgets everything personal.</summary>
    public Member Withdrawn(DateTimeOffset now) => this with
    {
        WithdrawingSince = WithdrawingSince ?? now,
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
