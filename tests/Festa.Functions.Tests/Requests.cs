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

    public static object Withdraw(string password = GoodPassword) => new { password };

    public static object Event(string title = "Jazz night", int capacity = 10, DateTimeOffset? startsAt = null,
        string category = "concert", string city = "Seoul", string district = "Mapo-gu")
    {
        var start = startsAt ?? DateTimeOffset.UtcNow.AddDays(7);
        return new
        {
            title,
            description = "Live music by the river.",
            category,
            startsAt = start,
            endsAt = start.AddHours(3),
            capacity,
            location = new { city, district, address = "1 River Road" },
        };
    }
}
