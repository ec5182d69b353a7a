namespace Festa.Functions.Tests;

/// <summary>Request bodies as a client would write them.</summary>
internal static class Requests
{
    public const string GoodPassword = "Lantern-Harbor-58";

    public static object SignUp(string userId, string password = GoodPassword, string role = "member", string email = "ana@example.com") => new
    {
        userId,
        name = "Ana Kim",
        password,
        email,
        phone = "+82 10-1234-5678",
        role,
        region = new { city = "Seoul", district = "Mapo-gu" },
    };

    public static object Login(string userId, string password = GoodPassword) => new { userId, password };
}
