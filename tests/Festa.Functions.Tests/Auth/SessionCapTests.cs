using Festa.TestSupport;

namespace Festa.Functions.Tests.Auth;

/// <summary>
/// Bounded sessions (Festa:Sessions:MaxPerMember): a login beyond the cap revokes the member's oldest sessions on every
/// instance at once, and the sessions list is paged with limit and cursor.
/// </summary>
public sealed class SessionCapTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    [Fact]
    public async Task A_login_beyond_the_cap_revokes_the_oldest_sessions_everywhere_and_keeps_the_newest()
    {
        var a = (await store.StartInstanceAsync(s => s["Festa:Sessions:MaxPerMember"] = "3")).Client;
        var b = (await store.StartInstanceAsync(s => s["Festa:Sessions:MaxPerMember"] = "3")).Client;
        var userId = await a.SignUpAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await (i % 2 == 0 ? a : b).LoginAsync(userId));
            await Task.Delay(5, TestContext.Current.CancellationToken); // distinct creation times
        }

        var alive = new List<bool>();
        foreach (var token in tokens)
        {
            alive.Add((await b.GetAsync("/api/members/me", token)).Status == 200);
        }

        Assert.Equal([false, false, true, true, true], alive);
        var listed = await a.GetAsync("/api/auth/sessions", tokens[^1]);
        Assert.Equal(3, listed.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_logins_on_two_instances_leave_no_more_than_the_cap()
    {
        var a = (await store.StartInstanceAsync(s => s["Festa:Sessions:MaxPerMember"] = "4")).Client;
        var b = (await store.StartInstanceAsync(s => s["Festa:Sessions:MaxPerMember"] = "4")).Client;
        var userId = await a.SignUpAsync();

        // Each from an address of its own: this test is about the cap, not about the login throttle's counters.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).From(Seed.NewClientAddress()).LoginAsync(userId)));

        var alive = 0;
        foreach (var token in tokens)
        {
            alive += (await a.GetAsync("/api/members/me", token)).Status == 200 ? 1 : 0;
        }

        // Each login trims after writing its own session, so the last to look saw them all; none revokes its own.
        Assert.InRange(alive, 1, 4);
        var last = await a.LoginAsync(userId);
        var listed = await a.GetAsync("/api/auth/sessions", last);
        Assert.InRange(listed.Json.GetProperty("items").GetArrayLength(), 2, 4);
    }

    [Fact]
    public async Task My_sessions_are_paged_with_limit_and_cursor_and_bad_paging_is_a_400()
    {
        var api = store.Instance.Client;
        var userId = await api.SignUpAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await api.LoginAsync(userId));
        }

        var handles = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.GetAsync("/api/auth/sessions?limit=2" + (cursor is null ? "" : "&cursor=" + cursor), tokens[0]);
            Assert.Equal(200, page.Status);
            var items = page.Json.GetProperty("items");
            Assert.InRange(items.GetArrayLength(), 1, 2);
            handles.AddRange(items.EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            cursor = page.Json.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, handles.Distinct().Count());
        Assert.Equal(handles.Order(StringComparer.Ordinal), handles);

        var badLimit = await api.GetAsync("/api/auth/sessions?limit=0", tokens[0]);
        var badCursor = await api.GetAsync("/api/auth/sessions?cursor=bm90LWEtc2Vzc2lvbg", tokens[0]);
        Assert.Equal(400, badLimit.Status);
        Assert.Equal("validation", badLimit.ProblemCode);
        Assert.Equal(400, badCursor.Status);
        Assert.Equal("invalid-cursor", badCursor.ProblemCode);
    }
}
