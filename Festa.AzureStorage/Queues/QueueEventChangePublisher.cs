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

    /// <summary>
    /// App setting <c>Festa__Queues__CreateOnStartup</c> (default true): create the event-change queue when the worker
    /// starts, so the queue trigger does not poll a missing queue (a storage 404 logged every poll) until the first
    /// change. The Bicep template creates the queue and sets this to false, so Azure instances do no start-up work.
    /// </summary>
    public const string CreateOnStartupKey = "Festa:Queues:CreateOnStartup";

    public static bool CreateOnStartup(IConfiguration configuration) => configuration.GetValue(CreateOnStartupKey, defaultValue: true);

    public static string EventChanges(IConfiguration configuration) =>
        configuration[EventChangesKey] is { Length: > 0 } name ? name : DefaultEventChanges;
}

/// <summary>
/// Event changes as messages on a Storage queue, for the queue-triggered fan-out. The client encodes
/// messages in base64, as the Functions queue extension expects by default. The queue is created the first
/// time it is used by an instance, at start-up where configured (<see cref="EventChangeQueueInitializer"/>), and by
/// infrastructure in Azure.
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

/// <summary>
/// Creates the event-change queue at start-up where <see cref="QueueNames.CreateOnStartupKey"/> is on (locally,
/// next to the tables); a no-op where it is off (Azure: the template declares the queue and its poison queue).
/// </summary>
public sealed class EventChangeQueueInitializer(QueueEventChangePublisher publisher, bool createOnStartup)
{
    public bool CreatesOnStartup => createOnStartup;

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        createOnStartup ? publisher.EnsureCreatedAsync(cancellationToken) : Task.CompletedTask;
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
