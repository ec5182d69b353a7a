namespace Festa.Core.Members.SignUp;

public sealed record SignUpRequest(
    string? UserId,
    string? Name,
    string? Password,
    string? Email,
    string? Phone,
    string? Role,
    RegionInput? Region);
