using System.Text.RegularExpressions;
using Festa.Core.Events;
using Festa.Cosmos.Events;

namespace Festa.Stores.Tests.Cosmos;

/// <summary>
/// Every listing query names, in its ORDER BY, one of the composite indexes the container declares (an ORDER
/// BY on several properties without its index is refused by Cosmos DB with 400), and filters on every given
/// filter. The local test server cannot run ORDER BY, so the query text is checked here.
/// </summary>
public sealed partial class CosmosListingQueryTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void The_ORDER_BY_is_a_declared_composite_index_and_every_filter_is_applied(bool category, bool city, bool district)
    {
        var query = new EventQuery(category ? EventCategory.Concert : null, city ? "Busan" : null, district ? "Haeundae" : null, From, null, 20, null);

        var definition = CosmosEventStore.ListingQuery(query);

        var orderBy = OrderBy().Match(definition.QueryText).Groups[1].Value.Split(", ").Select(p => p["c.".Length..]).ToArray();
        Assert.Contains(ListingDocument.IndexedOrders(), o => o.SequenceEqual(orderBy));
        var parameters = definition.GetQueryParameters().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal("listing", parameters["@kind"]);
        Assert.Equal(category ? "concert" : null, parameters.GetValueOrDefault("@category"));
        Assert.Equal(city ? "busan" : null, parameters.GetValueOrDefault("@cityKey"));
        Assert.Equal(district ? "haeundae" : null, parameters.GetValueOrDefault("@districtKey"));
        Assert.DoesNotContain("c.pk", definition.QueryText, StringComparison.Ordinal); // a month range cannot route a hash-partitioned query
    }

    [Fact]
    public void The_cursor_continues_strictly_after_the_last_key_but_never_before_from()
    {
        var fromKey = From.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        var later = CosmosEventStore.ListingQuery(new EventQuery(null, null, null, From, null, 20, fromKey + "9.e1")).GetQueryParameters().ToDictionary(p => p.Name, p => p.Value);
        var earlier = CosmosEventStore.ListingQuery(new EventQuery(null, null, null, From, null, 20, "0000000000000000001.e0")).GetQueryParameters().ToDictionary(p => p.Name, p => p.Value);

        Assert.Equal(fromKey + "9.e1", later["@after"]);
        Assert.Equal(fromKey, earlier["@after"]);
    }

    [GeneratedRegex("ORDER BY (.+)$")]
    private static partial Regex OrderBy();
}
