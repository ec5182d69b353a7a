using Festa.Core.Members;

namespace Festa.Functions.Auth;

/// <param name="ExpiresAt">When the session ends if unused (the idle expiry; never after the absolute one).</param>
public sealed record CurrentSessionResponse(string UserId, Role Role, DateTimeOffset ExpiresAt);
