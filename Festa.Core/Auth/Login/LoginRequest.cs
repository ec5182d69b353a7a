namespace Festa.Core.Auth.Login;

public sealed record LoginRequest(string? UserId, string? Password);
