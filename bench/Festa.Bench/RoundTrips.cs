using System.Text;
using Festa.Core.Members;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Bench;

/// <summary>Section 1: store requests per operation, counted by a pipeline policy on the real clients.</summary>
public static class RoundTrips
{
    public static async Task<string> RunAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var stage = await Stage.StartAsync(1, s => s.AddSingleton<TimeProvider>(clock));
        var api = stage.First.Client;
        var (_, host) = await stage.First.SignedInMemberAsync(Role.Host);
        var (_, member) = await stage.First.SignedInMemberAsync();
        var userId = "bench" + Guid.NewGuid().ToString("N")[..8];
        Require(await api.PostAsync("/api/members", new { userId, name = "Bench", password = "Bench-Harbor-4471", email = "b@example.com", role = "member" }), 201);
        var eventBody = Event(clock.GetUtcNow());
        var created = Require(await api.PostAsync("/api/events", eventBody, host), 201);
        var id = created.Json.GetProperty("id").GetString();

        var rows = new List<(string, int, int, string)>();
        async Task Measure(string name, Func<Task<TestResponse>> request, int status, int minimum, string reason)
        {
            stage.Counter.Reset();
            Require(await request(), status);
            rows.Add((name, stage.Counter.Reset(), minimum, reason));
        }

        await Measure("event create", () => api.PostAsync("/api/events", Event(clock.GetUtcNow().AddDays(1)), host), 201, 3,
            "session + batch (event + seat pools); +1 title claim (duplicate check), +1 listing row");
        await Measure("login", () => api.PostAsync("/api/auth/login", new { userId, password = "Bench-Harbor-4471" }), 200, 2,
            "member + session row; + the rate-limit counters reserved before the hash (per account and address, per address, per account: a read and a conditional write each, and their release on success; docs/security.md), +1 row in the member's session index, +1 in the session expiry index, +1 security-stamp re-read that closes the race with a password change");
        await Measure("session check (warm)", () => api.GetAsync("/api/auth/session", member), 200, 1, "one point read of the session");
        clock.Advance(TimeSpan.FromMinutes(6));
        await Measure("session check (idle window refresh)", () => api.GetAsync("/api/auth/session", member), 200, 2, "read + conditional merge, at most once per 5 minutes");
        await Measure("sign-up (alone)", () => api.PostAsync($"/api/events/{id}/signups", token: member), 201, 4,
            "session + key-range read of event and pools + the member's sign-up hint (\"my sign-ups\", one batch with the merge of the member's sign-up gate, so a withdrawal racing the sign-up is bound to find it and no member read follows the commit: docs/concurrency.md, \"Withdrawal\") + batch; +2 for the per-member rate limit (counter read + conditional write, the member's own partition; +1 for the first in a window: the counter's expiry-index row). In a crowd the read and the batch are shared by up to 98 sign-ups (section 3)");
        await Measure("sign-up refused (already, seats left)", () => api.PostAsync($"/api/events/{id}/signups", token: member), 409, 2,
            "session + read; +2 rate limit, +1 hint (through the gate), +1 the batch that fails on the member's row, +1 point read of that row (it may be this request's own)");
        await Measure("cancel", () => api.DeleteAsync($"/api/events/{id}/signups/me", member), 204, 3, "session + key-range read and point read of the sign-up (in parallel) + batch");
        await Measure("event page", () => api.GetAsync($"/api/events/{id}", member), 200, 3, "session + key-range read of event and pools + point read of the caller's sign-up (in parallel)");
        await Measure("event list page", () => api.GetAsync("/api/events?limit=20", member), 200, 2, "session + one range query");
        await Measure("logout", () => api.PostAsync("/api/auth/logout", token: member), 204, 2,
            "session read + delete; +1 to delete its row in the member's session index");

        var table = new StringBuilder("| Operation | Store requests | Minimum | Why |\n|---|---:|---:|---|\n");
        foreach (var (name, count, minimum, reason) in rows)
        {
            table.AppendLine($"| {name} | {count} | {minimum} | {reason} |");
        }

        return table.ToString();
    }

    internal static object Event(DateTimeOffset now, int capacity = 10) => new
    {
        title = "Bench " + Guid.NewGuid().ToString("N")[..8],
        category = "concert",
        startsAt = now.AddDays(7),
        endsAt = now.AddDays(7).AddHours(2),
        capacity,
        location = new { city = "Seoul", district = "Mapo-gu", address = "1 River Road" },
    };

    internal static TestResponse Require(TestResponse response, int status) =>
        response.Status == status ? response : throw new InvalidOperationException($"Expected {status}: {response}");
}
