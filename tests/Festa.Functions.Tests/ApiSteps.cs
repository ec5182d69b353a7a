using Festa.TestSupport.Http;

namespace Festa.Functions.Tests;

/// <summary>Multi-request steps that many tests share.</summary>
internal static class ApiSteps
{
    /// <returns>The new member's user id.</returns>
    public static async Task<string> SignUpAsync(this FestaClient api, string? userId = null, string role = "member")
    {
        userId ??= Festa.TestSupport.Seed.NewUserId();
        // Each new member signs up from an address of its own, as real people do (MemberSignUpPerClient).
        var response = await api.From(Festa.TestSupport.Seed.NewClientAddress()).PostAsync("/api/members", Requests.SignUp(userId, role: role));
        Assert.True(response.Status == 201, response.ToString());
        return userId;
    }

    /// <returns>The session token.</returns>
    public static async Task<string> LoginAsync(this FestaClient api, string userId, string password = Requests.GoodPassword)
    {
        var response = await api.PostAsync("/api/auth/login", Requests.Login(userId, password));
        Assert.True(response.Status == 200, response.ToString());
        return response.Json.GetProperty("token").GetString()!;
    }

    /// <summary><c>DELETE /api/members/me</c> confirmed with <paramref name="password"/>.</summary>
    public static Task<TestResponse> WithdrawAsync(this FestaClient api, string token, string password = Requests.GoodPassword) =>
        api.SendAsync("DELETE", "/api/members/me", System.Text.Json.JsonSerializer.Serialize(Requests.Withdraw(password)), token: token);

    public static Task<TestResponse> GetWithCookieAsync(this FestaClient api, string path, string cookieHeader) =>
        api.SendAsync("GET", path, headers: new Dictionary<string, string> { ["Cookie"] = cookieHeader });

    /// <returns>The new event's id.</returns>
    public static async Task<string> CreateEventAsync(this FestaClient api, string hostToken, object? details = null)
    {
        var response = await api.PostAsync("/api/events", details ?? Requests.Event(title: "Event " + Guid.NewGuid().ToString("N")[..8]), hostToken);
        Assert.True(response.Status == 201, response.ToString());
        return response.Json.GetProperty("id").GetString()!;
    }

    public static async Task<int> SeatsTakenAsync(this FestaClient api, string eventId, string token)
    {
        var response = await api.GetAsync($"/api/events/{eventId}", token);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json.GetProperty("seatsTaken").GetInt32();
    }
}
