using Festa.TestSupport;

namespace Festa.Functions.Tests.Members;

public sealed class SignUpTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    /// <summary>A client address of its own per request: the per-address sign-up limit (10 an hour) is not under test here.</summary>
    private Festa.TestSupport.Http.FestaClient Api => store.Instance.Client.From(Seed.NewClientAddress());

    [Fact]
    public async Task Sign_up_creates_the_member_and_points_to_it()
    {
        var userId = Seed.NewUserId("Ana");

        var response = await Api.PostAsync("/api/members", Requests.SignUp(userId, role: "host"));

        Assert.Equal(201, response.Status);
        Assert.Equal("/api/members/me", response.Header("Location"));
        Assert.StartsWith("application/json", response.ContentType);
        Assert.Equal(userId.ToLowerInvariant(), response.Json.GetProperty("userId").GetString());
        Assert.Equal("host", response.Json.GetProperty("role").GetString());
        Assert.Equal("Mapo-gu", response.Json.GetProperty("region").GetProperty("district").GetString());
        Assert.EndsWith("Z", response.Json.GetProperty("createdAt").GetString());
        Assert.False(response.Json.TryGetProperty("password", out _));
        Assert.False(response.Json.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task A_taken_user_id_is_a_conflict_whatever_its_case()
    {
        var userId = Seed.NewUserId("dup");
        Assert.Equal(201, (await Api.PostAsync("/api/members", Requests.SignUp(userId))).Status);

        var again = await Api.PostAsync("/api/members", Requests.SignUp(userId.ToUpperInvariant(), email: "other@example.com"));

        Assert.Equal(409, again.Status);
        Assert.Equal("user-id-taken", again.ProblemCode);
        Assert.StartsWith("application/problem+json", again.ContentType);
        Assert.DoesNotContain("ana@example.com", again.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_sign_up_lists_every_offending_field_and_creates_nothing()
    {
        var response = await Api.PostAsync("/api/members", new
        {
            userId = "x!",
            name = "",
            password = "short",
            email = "nope",
            phone = "call me",
            role = "admin",
            region = new { city = "Seoul" },
        });

        Assert.Equal(400, response.Status);
        Assert.Equal("validation", response.ProblemCode);
        var errors = response.Json.GetProperty("errors");
        foreach (var field in new[] { "userId", "name", "password", "email", "phone", "role", "region.district" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for {field}: {response.Body}");
        }
    }

    [Fact]
    public async Task Validation_runs_before_the_id_is_checked_so_a_probe_needs_a_full_valid_sign_up()
    {
        var userId = Seed.NewUserId("probe");
        await Api.PostAsync("/api/members", Requests.SignUp(userId));

        var probe = await Api.PostAsync("/api/members", new { userId, name = "x", password = "x", email = "x", role = "member" });

        Assert.Equal(400, probe.Status);
        Assert.Equal("validation", probe.ProblemCode);
    }

    [Fact]
    public async Task A_password_containing_the_user_id_or_a_common_one_is_refused()
    {
        var userId = Seed.NewUserId("pw");
        var containsId = await Api.PostAsync("/api/members", Requests.SignUp(userId, password: userId + "-2026xyz"));
        var common = await Api.PostAsync("/api/members", Requests.SignUp(userId, password: "Password123!"));

        Assert.Equal(400, containsId.Status);
        Assert.Contains("user id", containsId.Json.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(400, common.Status);
        Assert.Contains("too common", common.Json.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
    }
}
