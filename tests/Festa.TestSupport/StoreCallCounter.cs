using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.TestSupport;

/// <summary>
/// Counts the store requests an instance makes, as an Azure SDK pipeline policy on the real clients
/// (per call, so the SDK's own retries are not counted twice), and, in one watched partition (the hot event's), the
/// requests and the entities read plus written, as Azure's partition targets count them (failed batches included:
/// the store processed them).
/// </summary>
public sealed class StoreCallCounter : HttpPipelinePolicy
{
    private int _calls;
    private int _batches;
    private int _watchedCalls;
    private long _watchedEntities;
    private string? _watched;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Entity-group transactions among the calls.</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Requests to the watched partition (see <see cref="Watch"/>).</summary>
    public int WatchedPartitionCalls => Volatile.Read(ref _watchedCalls);

    /// <summary>Entities read plus written in the watched partition.</summary>
    public long WatchedPartitionEntities => Interlocked.Read(ref _watchedEntities);

    /// <summary>Adds the counter to the clients an instance registers.</summary>
    public void AddTo(IServiceCollection services) =>
        services.Configure<TableClientOptions>("Default", options => options.AddPolicy(this, HttpPipelinePosition.PerCall));

    /// <summary>Counts requests and entities in the partition with this key (for example an event id) separately too.</summary>
    public void Watch(string? partitionKey) => Volatile.Write(ref _watched, partitionKey);

    public int Reset()
    {
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _watchedCalls, 0);
        Interlocked.Exchange(ref _watchedEntities, 0);
        return Interlocked.Exchange(ref _calls, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var (written, watched) = Before(message);
        ProcessNext(message, pipeline);
        After(message, written, watched);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var (written, watched) = Before(message);
        await ProcessNextAsync(message, pipeline);
        After(message, written, watched);
    }

    private (int Written, bool Watched) Before(HttpMessage message)
    {
        Interlocked.Increment(ref _calls);
        var request = message.Request;
        var uri = Uri.UnescapeDataString(request.Uri.ToString());
        // Only the events table holds event partitions (the member index uses event ids as row keys elsewhere).
        var table = request.Uri.Path[(request.Uri.Path.LastIndexOf('/') + 1)..].Split('(')[0];
        var watched = Volatile.Read(ref _watched) is { } key && table.EndsWith("Events", StringComparison.Ordinal) &&
            uri.Contains(key, StringComparison.Ordinal);
        if (request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _batches);
            var body = BodyOf(request);
            // A batch is one partition of one table: the event's own only if its operations address the events table
            // there (a member's hint batch names the event id too, as a row key in another table).
            watched = _watched is { } k && IsEventsTableBatch(body) &&
                (body.Contains($"(PartitionKey='{k}'", StringComparison.Ordinal) || body.Contains($"\"PartitionKey\":\"{k}\"", StringComparison.Ordinal));
            return (CountOf(body, " HTTP/1.1"), watched);
        }

        return (request.Method == RequestMethod.Get ? 0 : IsEntityWrite(request) ? 1 : 0, watched);
    }

    private void After(HttpMessage message, int written, bool watched)
    {
        var read = 0;
        if (message.Request.Method == RequestMethod.Get && message.HasResponse && message.Response.Status == 200 &&
            !message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            read = EntitiesIn(message.Response.Content);
        }

        if (watched)
        {
            Interlocked.Increment(ref _watchedCalls);
            Interlocked.Add(ref _watchedEntities, read + written);
        }
    }

    /// <summary>Whether a batch's operations address the events table (one table per batch; its name ends in "Events").</summary>
    private static bool IsEventsTableBatch(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, @"^(?:POST|PUT|MERGE|PATCH|DELETE) \S*/(?<table>[A-Za-z0-9]+)(?:\(| HTTP/1\.1)",
            System.Text.RegularExpressions.RegexOptions.Multiline) is { Success: true } m &&
        m.Groups["table"].Value.EndsWith("Events", StringComparison.Ordinal);

    /// <summary>Writes to entities (not table creation or deletion).</summary>
    private static bool IsEntityWrite(Request request) =>
        !request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal) && !request.Uri.Path.Contains("/Tables(", StringComparison.Ordinal);

    /// <summary>A query answers <c>{"value": [...]}</c>; a point read answers the entity itself.</summary>
    private static int EntitiesIn(BinaryData? content)
    {
        if (content is null || content.ToMemory().Length == 0)
        {
            return 0;
        }

        try
        {
            using var json = JsonDocument.Parse(content);
            return json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string BodyOf(Request request)
    {
        if (request.Content is null)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        request.Content.WriteTo(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
