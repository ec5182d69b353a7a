using Festa.Core.Members;

namespace Festa.Functions.Auth;

/// <summary>
/// A new session. <c>expiresAt</c> is when it ends if unused (it slides with use);
/// <c>absoluteExpiresAt</c> is when it ends regardless. <c>token</c> is absent when the login asked for the
/// cookie only (<c>"tokenInBody": false</c>, the default for browser requests).
/// </summary>
public sealed record LoginResponse(string? Token, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt, MemberProfile Member);
