namespace Festa.Core.Members.Password;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
