using System.Globalization;
using Azure.Data.Tables;

namespace Festa.AzureStorage.Tables;

/// <summary>
/// The one expiry index of the Table store: rows in partitions <c>~exp.{yyyyMMddHH}</c> (the UTC hour something
/// expires) name what expires then, so a sweep reads every past hour with one key-range query — cost in proportion
/// to what expired, never a table scan with a non-key filter (Azure Table Storage, "Design for querying"). "~" sorts
/// after the characters of user ids and policy names, so these partitions never mix with a table's other rows.
/// </summary>
internal static class ExpiryIndex
{
    public const string Prefix = "~exp.";

    /// <summary>The partition of everything expiring within the hour of <paramref name="at"/>.</summary>
    public static string Bucket(DateTimeOffset at) => Prefix + at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>Every hour wholly past at <paramref name="now"/>: one contiguous PartitionKey range.</summary>
    public static string PastHoursFilter(DateTimeOffset now) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey lt {Bucket(now)}");

    /// <summary>
    /// The index rows of every past hour (one key-range query, paged by the SDK), with only the keys and
    /// <paramref name="select"/>, each set to delete unconditionally (an expired row is never written again).
    /// </summary>
    public static async Task<List<TableEntity>> ReadPastAsync(TableClient table, DateTimeOffset now, CancellationToken cancellationToken,
        params string[] select)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(PastHoursFilter(now), select: ["PartitionKey", "RowKey", .. select],
                           cancellationToken: cancellationToken))
        {
            row.ETag = Azure.ETag.All;
            rows.Add(row);
        }

        return rows;
    }
}
