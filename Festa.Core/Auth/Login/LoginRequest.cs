namespace Festa.Core.Auth.Login;

/// <param name="TokenInBody">
/// Whether the response body carries the session token (API clients) or only the HttpOnly cookie does (browsers,
/// so no script can read it). Null: the HTTP layer decides (false for browser requests, which carry an Origin
/// header). The use case itself ignores it.
/// </param>
public sealed record LoginRequest(string? UserId, string? Password, bool? TokenInBody = null);
