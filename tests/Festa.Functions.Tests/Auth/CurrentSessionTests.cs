using Festa.TestSupport;

namespace Festa.Functions.Tests.Auth;

public sealed class CurrentSessionTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task The_current_session_names_its_member_and_role_and_ends_with_logout()
    {
        var api = store.Instance.Client;
        var userId = await api.SignUpAsync(role: "host");
        var token = await api.LoginAsync(userId);

        var session = await api.GetAsync("/api/auth/session", token);

        Assert.Equal(200, session.Status);
        Assert.Equal(userId, session.Json.GetProperty("userId").GetString());
        Assert.Equal("host", session.Json.GetProperty("role").GetString());
        Assert.InRange(session.Json.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
        Assert.False(session.Json.TryGetProperty("token", out _));

        Assert.Equal(204, (await api.PostAsync("/api/auth/logout", token: token)).Status);
        Assert.Equal(401, (await api.GetAsync("/api/auth/session", token)).Status);
    }
}
