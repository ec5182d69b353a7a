using Azure.Core;
using Festa.TestSupport;

namespace Festa.Stores.Tests.Table;

/// <summary>The guard every test instance runs under must itself tell a key range from a scan.</summary>
public sealed class KeyRangeQueryGuardTests
{
    private static string? Verdict(string pathAndQuery) =>
        KeyRangeQueryGuard.Verdict(RequestMethod.Get, new Uri("http://127.0.0.1:10002/devstoreaccount1/" + pathAndQuery));

    [Theory]
    [InlineData("FestaEvents(PartitionKey='e1',RowKey='event')")]
    [InlineData("FestaEvents()?$filter=PartitionKey%20eq%20'e1'%20and%20RowKey%20ge%20'event'%20and%20RowKey%20lt%20'pool%2F'")]
    [InlineData("FestaEventListing()?$filter=PartitionKey%20ge%20'2030-01'%20and%20PartitionKey%20le%20'2030-03'%20and%20Category%20eq%20'concert'")]
    [InlineData("FestaEvents()?$filter=PartitionKey%20eq%20'it''s%20or%20not'")]
    [InlineData("Tables")]
    public void Point_reads_and_single_key_ranges_pass(string pathAndQuery) => Assert.Null(Verdict(pathAndQuery));

    [Theory]
    [InlineData("FestaEvents()?$filter=(PartitionKey%20eq%20'e1'%20and%20RowKey%20ge%20'event')%20or%20(PartitionKey%20eq%20'e1'%20and%20RowKey%20eq%20'signup.a')", "'or'")]
    [InlineData("FestaSessions()?$filter=IdleExpiresAt%20le%20datetime'2030-01-01T00:00:00Z'", "no PartitionKey")]
    [InlineData("FestaSessions()", "no filter")]
    [InlineData("FestaEvents()?$filter=PartitionKey%20ge%20'a'", "no PartitionKey")]
    public void Scans_are_named(string pathAndQuery, string reason) => Assert.Contains(reason, Verdict(pathAndQuery), StringComparison.Ordinal);
}
