using Festa.Core.Members;

namespace Festa.Functions.Auth;

/// <summary>
/// A new session. <c>expiresAt</c> is when it ends if unused (it slides with use);
/// <c>absoluteExpiresAt</c> is when it ends regardless.
/// </summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt, MemberProfile Member);
