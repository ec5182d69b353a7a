using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.RateLimiting;
using Festa.Stores.Tests.Contract;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Stores.Tests.Table;

/// <summary>
/// The Azure SDK retries a write whose answer was lost; the retried insert then meets the row it wrote itself. Found by
/// the torture test (login answered 500 "EntityAlreadyExists"): each insert must recognise its own row (OwnWrites).
/// </summary>
public sealed class OwnWritesTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_member_whose_insert_answer_was_lost_is_still_created_not_taken()
    {
        var (instance, lose) = await StartAsync();
        lose.ArmFor("POST", "members");

        var member = await instance.MemberAsync();

        Assert.Equal(1, lose.Lost);
        Assert.NotNull(await instance.Get<IMemberStore>().FindAsync(member.UserId, Ct));
        Assert.False(await instance.Get<IMemberStore>().TryAddAsync(member with { Name = "Someone else" }, Ct));
    }

    [Fact]
    public async Task A_session_whose_insert_answer_was_lost_is_issued_once_without_an_error()
    {
        var (instance, lose) = await StartAsync();
        var member = await instance.MemberAsync();
        lose.ArmFor("POST", "sessions");

        var token = await instance.SessionAsync(member);

        Assert.Equal(1, lose.Lost);
        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task An_event_whose_creating_batch_answer_was_lost_is_created()
    {
        var (instance, lose) = await StartAsync();
        lose.ArmFor("POST", "$batch");
        var created = EventStoreContract.NewEvent();

        Assert.Equal(CreateEventOutcome.Created, await instance.Get<IEventStore>().CreateAsync(created, Ct));

        Assert.Equal(1, lose.Lost);
        Assert.NotNull(await instance.Get<IEventStore>().FindAsync(created.Id, null, Ct));
    }

    [Fact]
    public async Task A_counter_replace_whose_answer_was_lost_counts_once_and_is_not_reported_as_a_lost_race()
    {
        var (instance, lose) = await StartAsync();
        var counters = instance.Get<IRateLimitStore>();
        var key = RateLimiter.Counter(RateLimitPolicy.LoginPerClient, Guid.NewGuid().ToString(), TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow).Key;
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);
        var version = await counters.TryInsertAsync(key, 1, expires, Ct);
        lose.ArmFor("PUT", "RateLimits");

        var replaced = await counters.TryReplaceAsync(key, 2, version!, expires, Ct);

        Assert.Equal(1, lose.Lost);
        Assert.NotNull(replaced);
        var stored = await counters.ReadAsync(key, Ct);
        Assert.Equal(2, stored!.Value);
        Assert.Equal(replaced, stored.Version);
        Assert.Null(await counters.TryReplaceAsync(key, 3, version!, expires, Ct)); // a really stale version still loses
    }

    private async Task<(FestaInstance Instance, LoseOneAnswer Lose)> StartAsync()
    {
        var lose = new LoseOneAnswer();
        var instance = await store.StartInstanceAsync(services: s =>
            s.Configure<TableClientOptions>("Default", o => o.AddPolicy(lose, HttpPipelinePosition.PerRetry)));
        return (instance, lose);
    }

    /// <summary>Below the SDK's retry policy: lets the armed write through, then throws as a reset connection would.</summary>
    private sealed class LoseOneAnswer : HttpPipelinePolicy
    {
        private string? _method;
        private string? _path;
        private int _lost;

        public int Lost => Volatile.Read(ref _lost);

        public void ArmFor(string method, string pathPart)
        {
            _path = pathPart;
            Volatile.Write(ref _method, method);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            var method = Volatile.Read(ref _method);
            var armed = method is not null && message.Request.Method.Method == method &&
                        message.Request.Uri.Path.Contains(_path!, StringComparison.OrdinalIgnoreCase) && message.Response.Status < 300;
            if (armed && Interlocked.CompareExchange(ref _method, null, method) == method)
            {
                Interlocked.Increment(ref _lost);
                throw new RequestFailedException(0, "Test: the answer was lost after the write was applied.");
            }
        }
    }
}
