using Festa.Core.Members;
using Festa.TestSupport;

namespace Festa.Functions.Tests.Events;

public sealed class ListingTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private Festa.TestSupport.Http.FestaClient Api => store.Instance.Client;

    private static string UniqueCity() => "City" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Pages_have_no_duplicates_and_no_gaps_while_events_are_inserted_between_reads()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, reader) = await store.Instance.SignedInMemberAsync();
        var city = UniqueCity();
        var baseTime = DateTimeOffset.UtcNow.AddDays(30);
        var existing = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            // Spread over two months so pages cross listing partitions.
            existing.Add(await Api.CreateEventAsync(host, Requests.Event($"Existing {i}", startsAt: baseTime.AddDays(i * 4), city: city)));
        }

        var seen = new List<string>();
        var insertedLater = new List<string>();
        string? cursor = null;
        var pageNumber = 0;
        do
        {
            var page = await Api.GetAsync($"/api/events?city={city}&limit=4" + (cursor is null ? "" : "&cursor=" + cursor), reader);
            Assert.Equal(200, page.Status);
            var starts = page.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("startsAt").GetDateTimeOffset()).ToList();
            Assert.Equal(starts.Order(), starts);
            seen.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = page.Json.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;

            // Between pages: one event before everything read so far, one far after it.
            pageNumber++;
            await Api.CreateEventAsync(host, Requests.Event($"Early {pageNumber}", startsAt: baseTime.AddHours(-pageNumber), city: city));
            insertedLater.Add(await Api.CreateEventAsync(host, Requests.Event($"Late {pageNumber}", startsAt: baseTime.AddDays(200 + pageNumber), city: city)));
        }
        while (cursor is not null && pageNumber < 20);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(existing, id => Assert.Contains(id, seen));
        Assert.All(insertedLater.SkipLast(1), id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task Filters_narrow_the_listing_and_bad_parameters_are_400()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, reader) = await store.Instance.SignedInMemberAsync();
        var city = UniqueCity();
        var start = DateTimeOffset.UtcNow.AddDays(10);
        var concert = await Api.CreateEventAsync(host, Requests.Event("Concert", startsAt: start, city: city, district: "Jung-gu"));
        var sports = await Api.CreateEventAsync(host, Requests.Event("Match", startsAt: start.AddDays(1), category: "sports", city: city, district: "Jung-gu"));
        var elsewhere = await Api.CreateEventAsync(host, Requests.Event("Elsewhere", startsAt: start.AddDays(2), city: city, district: "Seo-gu"));

        async Task<string[]> Ids(string query) =>
            (await Api.GetAsync("/api/events?" + query, reader)).Json.GetProperty("items").EnumerateArray()
                .Select(e => e.GetProperty("id").GetString()!).ToArray();

        Assert.Equal([concert, sports, elsewhere], await Ids($"city={city.ToUpperInvariant()}"));
        Assert.Equal([sports], await Ids($"city={city}&category=sports"));
        Assert.Equal([concert, sports], await Ids($"city={city}&district=jung-gu"));
        Assert.Equal([sports, elsewhere], await Ids($"city={city}&from={Uri.EscapeDataString(start.AddHours(1).ToString("O"))}"));
        Assert.Equal([concert], await Ids($"city={city}&to={Uri.EscapeDataString(start.AddHours(1).ToString("O"))}"));

        foreach (var bad in new[] { "limit=0", "limit=101", "limit=ten", "category=rave", "from=tomorrow", "to=2030-01-01T00:00:00", "cursor=!!" })
        {
            Assert.Equal(400, (await Api.GetAsync("/api/events?" + bad, reader)).Status);
        }

        Assert.Equal(401, (await Api.GetAsync("/api/events")).Status);
    }

    [Fact]
    public async Task Recommendations_put_my_district_then_my_city_first_and_skip_full_or_joined_events()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var city = UniqueCity();
        var (_, me) = await store.Instance.SignedInMemberAsync(region: new Region(city, "Home-gu"));
        var (_, other) = await store.Instance.SignedInMemberAsync();
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var elsewhere = await Api.CreateEventAsync(host, Requests.Event("Far away", startsAt: start, city: "Elsewhere" + city));
        var sameCity = await Api.CreateEventAsync(host, Requests.Event("Across town", startsAt: start.AddHours(2), city: city, district: "Other-gu"));
        var sameDistrict = await Api.CreateEventAsync(host, Requests.Event("Next door", startsAt: start.AddHours(4), city: city, district: "home-gu"));
        var full = await Api.CreateEventAsync(host, Requests.Event("Full", capacity: 1, startsAt: start.AddHours(1), city: city, district: "Home-gu"));
        var joined = await Api.CreateEventAsync(host, Requests.Event("Joined", startsAt: start.AddHours(3), city: city, district: "Home-gu"));
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{full}/signups", token: other)).Status);
        Assert.Equal(201, (await Api.PostAsync($"/api/events/{joined}/signups", token: me)).Status);

        var recommended = await Api.GetAsync("/api/events/recommended?limit=100", me);

        Assert.Equal(200, recommended.Status);
        var ids = recommended.Json.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.DoesNotContain(full, ids);
        Assert.DoesNotContain(joined, ids);
        // Present first: IndexOf is -1 for a missing id, which would pass the order checks below.
        Assert.Contains(sameDistrict, ids);
        Assert.Contains(sameCity, ids);
        Assert.Contains(elsewhere, ids);
        Assert.True(ids.IndexOf(sameDistrict) < ids.IndexOf(sameCity), string.Join(",", ids));
        Assert.True(ids.IndexOf(sameCity) < ids.IndexOf(elsewhere), string.Join(",", ids));
    }
}
