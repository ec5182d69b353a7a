using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Cosmos;

namespace Festa.TestSupport;

/// <summary>
/// The Cosmos DB side of <see cref="KeyRangeQueryGuard"/>: a request handler in every test instance's client that
/// fails a query scoped to no logical partition (a fan-out over every physical partition) or joining conditions with
/// <c>OR</c>. One documented exception: the event listing (<c>kind = 'listing'</c>), a cross-partition ORDER BY served
/// by composite indexes over the month partitions (docs/data-model.md, "Cosmos DB").
/// </summary>
public sealed partial class CosmosQueryGuard : RequestHandler
{
    private static int _queriesChecked;

    /// <summary>Queries whose text the guard read and judged (a test proves the guard is in the pipeline).</summary>
    public static int QueriesChecked => Volatile.Read(ref _queriesChecked);

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        if (IsQuery(request) && await QueryTextAsync(request) is { } sql &&
            Judged(Verdict(sql, request.Headers["x-ms-documentdb-partitionkey"])) is { } reason)
        {
            var text = $"{reason}: {sql}";
            throw new InvalidOperationException("Cosmos query is not a point read or one partition's key range (" + text + ")");
        }

        return await base.SendAsync(request, cancellationToken);
    }

    /// <returns>Null when the query reads one logical partition without OR (or is the listing); otherwise why not.</returns>
    public static string? Verdict(string sql, string? partitionKeyHeader)
    {
        var shape = Literal().Replace(sql, "''");
        if (OrOperator().IsMatch(shape))
        {
            return "OR in the query";
        }

        return string.IsNullOrEmpty(partitionKeyHeader) && !sql.Contains("c.kind = @kind", StringComparison.Ordinal)
            ? "no partition key: a cross-partition fan-out"
            : null;
    }

    private static string? Judged(string? verdict)
    {
        Interlocked.Increment(ref _queriesChecked);
        return verdict;
    }

    private static bool IsQuery(RequestMessage request) =>
        string.Equals(request.Headers["x-ms-documentdb-isquery"], "True", StringComparison.OrdinalIgnoreCase) ||
        (request.Headers["Content-Type"]?.StartsWith("application/query+json", StringComparison.OrdinalIgnoreCase) ?? false);

    private static async Task<string?> QueryTextAsync(RequestMessage request)
    {
        if (request.Content is not { CanSeek: true } body)
        {
            return null;
        }

        var start = body.Position;
        try
        {
            body.Position = 0; // the SDK has written the query spec and left the stream at its end
            using var json = await JsonDocument.ParseAsync(body);
            return json.RootElement.TryGetProperty("query", out var query) ? query.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            body.Position = start;
        }
    }

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bOR\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrOperator();
}
