using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using Festa.Core.Notifications;
using Microsoft.Extensions.Configuration;

namespace Festa.AzureStorage.Queues;

/// <summary>Configuration keys of Festa's queues.</summary>
public static class QueueNames
{
    /// <summary>App setting <c>Festa__Queues__EventChanges</c>; also the queue trigger's <c>%Festa:Queues:EventChanges%</c>.</summary>
    public const string EventChangesKey = "Festa:Queues:EventChanges";

    public const string DefaultEventChanges = "festa-event-changes";

    public static string EventChanges(IConfiguration configuration) =>
        configuration[EventChangesKey] is { Length: > 0 } name ? name : DefaultEventChanges;
}

/// <summary>
/// Event changes as messages on a Storage queue, for the queue-triggered fan-out. The client encodes
/// messages in base64, as the Functions queue extension expects by default. The queue is created the first
/// time it is used by an instance (and by infrastructure in Azure).
/// </summary>
public sealed class QueueEventChangePublisher(QueueClient queue) : IEventChangePublisher
{
    private Task? _created;

    public QueueClient Queue => queue;

    public async Task PublishAsync(EventChangeMessage message, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await queue.SendMessageAsync(EventChangeJson.Serialize(message), cancellationToken);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var created = _created ??= queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        try
        {
            await created.WaitAsync(cancellationToken);
        }
        catch when (created.IsFaulted)
        {
            _created = null;
            throw;
        }
    }
}

/// <summary>The JSON of queued event changes (source-generated, camelCase, enum names as camelCase strings).</summary>
public static class EventChangeJson
{
    public static string Serialize(EventChangeMessage message) => JsonSerializer.Serialize(message, EventChangeJsonContext.Default.EventChangeMessage);

    public static EventChangeMessage Deserialize(string json) =>
        JsonSerializer.Deserialize(json, EventChangeJsonContext.Default.EventChangeMessage)
        ?? throw new JsonException("The queue message is not an event change.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventChangeMessage))]
internal sealed partial class EventChangeJsonContext : JsonSerializerContext;
