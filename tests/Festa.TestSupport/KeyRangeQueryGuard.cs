using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Festa.TestSupport;

/// <summary>
/// Fails every Table Storage read that Azure would serve as a scan, on every test instance (an Azure SDK pipeline
/// policy on the real clients, so the whole function-level and store suites run under it). Allowed: point reads,
/// and queries whose filter is one contiguous key range — <c>PartitionKey eq</c> (optionally with a RowKey range), or
/// a PartitionKey range — with further conditions joined only by <c>and</c>. Refused: no filter (a table scan), a
/// filter without a PartitionKey condition, and any <c>or</c> ("Design for querying": an <c>or</c> of RowKey values is
/// a partition scan, not a range query). Azurite answers all of these quickly; Azure does not.
/// </summary>
public sealed partial class KeyRangeQueryGuard : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    /// <returns>Null when the request is a point read, a key-range query or not a read; otherwise why not.</returns>
    public static string? Verdict(RequestMethod method, Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var resource = path[(path.LastIndexOf('/') + 1)..];
        if (method != RequestMethod.Get || resource.StartsWith("Tables", StringComparison.Ordinal) || !resource.EndsWith("()", StringComparison.Ordinal))
        {
            return null; // writes, point reads "T(PartitionKey='..',RowKey='..')", table operations
        }

        var filter = QueryParameter(uri, "$filter");
        if (string.IsNullOrWhiteSpace(filter))
        {
            return "no filter: a whole-table scan";
        }

        var shape = Literal().Replace(filter, "''");
        if (OrOperator().IsMatch(shape))
        {
            return "'or' in the filter: a partition (or table) scan";
        }

        var singlePartition = PartitionEquals().IsMatch(shape);
        var partitionRange = PartitionLower().IsMatch(shape) && PartitionUpper().IsMatch(shape);
        return singlePartition || partitionRange ? null : "no PartitionKey condition: a table scan";
    }

    private static void Check(Request request)
    {
        if (Verdict(request.Method, request.Uri.ToUri()) is { } reason)
        {
            var text = $"{reason}: GET {Uri.UnescapeDataString(request.Uri.ToUri().PathAndQuery)}";
            throw new InvalidOperationException("Store query is not a point read or one key range (" + text + ")");
        }
    }

    private static string? QueryParameter(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (Uri.UnescapeDataString(parts[0]) == name)
            {
                return parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            }
        }

        return null;
    }

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bor\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrOperator();

    [GeneratedRegex(@"\bPartitionKey\s+eq\s+''", RegexOptions.IgnoreCase)]
    private static partial Regex PartitionEquals();

    [GeneratedRegex(@"\bPartitionKey\s+(ge|gt)\s+''", RegexOptions.IgnoreCase)]
    private static partial Regex PartitionLower();

    [GeneratedRegex(@"\bPartitionKey\s+(le|lt)\s+''", RegexOptions.IgnoreCase)]
    private static partial Regex PartitionUpper();
}
