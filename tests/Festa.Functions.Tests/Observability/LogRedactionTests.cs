using Festa.Core.Members;
using Festa.TestSupport;
using Microsoft.Extensions.Logging.Testing;

namespace Festa.Functions.Tests.Observability;

/// <summary>What reaches the logs during login and sign-up: ids yes; passwords, tokens and e-mail addresses never.</summary>
public sealed class LogRedactionTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private const string Password = "Quiet-Harbor-93";

    [Fact]
    public async Task Signing_up_logging_in_and_taking_a_seat_log_no_password_token_or_email()
    {
        var instance = await store.StartInstanceAsync();
        var api = instance.Client;
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var eventId = await api.CreateEventAsync(host, Requests.Event(capacity: 1));
        var userId = Seed.NewUserId();
        var email = $"{userId}@mail.example.com";

        Assert.Equal(201, (await api.PostAsync("/api/members", Requests.SignUp(userId, Password, email: email))).Status);
        Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(userId, "Wrong-Password-1"))).Status);
        // The password typed into the user-id field: a valid user id of nobody, which must not be logged either.
        Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(Password, Password))).Status);
        Assert.Equal(401, (await api.PostAsync("/api/auth/login", Requests.Login(email, Password))).Status);
        var token = await api.LoginAsync(userId, Password);
        Assert.Equal(201, (await api.PostAsync($"/api/events/{eventId}/signups", token: token)).Status);
        Assert.Equal(409, (await api.PostAsync($"/api/events/{eventId}/signups", token: token)).Status);
        Assert.Equal(200, (await api.GetAsync("/api/members/me", token)).Status);
        Assert.Equal(204, (await api.PostAsync("/api/auth/logout", token: token)).Status);

        var logs = instance.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Information
            && r.GetStructuredStateValue("MemberId") == userId && r.GetStructuredStateValue("EventId") == eventId);
        Assert.Contains(logs, r => r.GetStructuredStateValue("MemberId") == userId && r.Message.Contains("logged in", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.GetStructuredStateValue("MemberId") == userId && r.Message.Contains("failed", StringComparison.Ordinal));
        foreach (var record in logs)
        {
            var text = Everything(record);
            Assert.DoesNotContain(Password, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(email, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_throttled_login_names_the_member_but_an_unknown_account_is_not_named()
    {
        // Six failures per account must fall in one login window (5 and 15 minutes, aligned to the epoch).
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
        var instance = await store.StartInstanceAsync();
        var api = instance.Client;
        var known = await api.SignUpAsync();
        var unknown = Seed.NewUserId();
        foreach (var userId in new[] { known, unknown })
        {
            for (var i = 0; i < 6; i++)
            {
                await api.PostAsync("/api/auth/login", Requests.Login(userId, $"Wrong-Password-{i}"));
            }
        }

        var logs = instance.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.GetStructuredStateValue("MemberId") == known);
        Assert.Contains(logs, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("unknown account", StringComparison.Ordinal));
        // Festa's own lines; the Azure SDK's per-request lines (Information, off in production) name storage keys.
        Assert.DoesNotContain(logs, r => r.Category?.StartsWith("Festa", StringComparison.Ordinal) == true
            && Everything(r).Contains(unknown, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Message, structured values, scopes and exception of a log line.</summary>
    private static string Everything(FakeLogRecord record) => string.Join('\n',
        new[] { record.Message, record.Exception?.ToString() }
            .Concat(record.StructuredState?.SelectMany(kv => new[] { kv.Key, kv.Value }) ?? [])
            .Concat(record.Scopes.Select(s => s?.ToString())));
}
