using System.Text;
using Festa.Core.Idempotency;
using Festa.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Festa.Stores.Tests.Contract;

/// <summary>What every <see cref="IIdempotencyStore"/> must do, and <see cref="IdempotencyKeys"/> on top of it across instances.</summary>
public abstract class IdempotencyStoreContract(StoreFixture fixture)
{
    private IIdempotencyStore Store => fixture.Instance.Get<IIdempotencyStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewId() => IdempotencyKeys.RecordId("member:" + Seed.NewUserId(), Guid.NewGuid().ToString());

    private static StoredResponse Created(string body) => new(201,
        [KeyValuePair.Create("Location", "/api/events/e1"), KeyValuePair.Create("Content-Type", "application/json; charset=utf-8"), KeyValuePair.Create("ETag", "\"7\"")],
        Encoding.UTF8.GetBytes(body));

    private static IdempotencyRecord Pending(DateTimeOffset now) => new("f1", now.AddMinutes(1), now.AddHours(24), null, string.Empty);

    [Fact]
    public async Task A_record_is_inserted_once_replaced_and_deleted_only_at_the_version_read()
    {
        var id = NewId();
        var now = DateTimeOffset.UtcNow;
        Assert.Null(await Store.ReadAsync(id, Ct));

        var inserted = (await Store.TryInsertAsync(id, Pending(now), Ct)).Version;
        Assert.NotNull(inserted);
        var second = await Store.TryInsertAsync(id, Pending(now), Ct);
        Assert.Null(second.Version);
        var pending = (await Store.ReadAsync(id, Ct))!;
        // An adapter that read the record in the insert's place returns it as it is stored.
        Assert.True(second.Existing is null || second.Existing == pending, $"{second.Existing} != {pending}");
        Assert.Equal(inserted, pending.Version);
        Assert.Null(pending.Response);
        Assert.Equal("f1", pending.Fingerprint);
        Assert.Equal(now.AddMinutes(1), pending.LeaseUntil, TimeSpan.FromMilliseconds(1));
        Assert.Equal(now.AddHours(24), pending.ExpiresAt, TimeSpan.FromMilliseconds(1));

        var completed = await Store.TryReplaceAsync(id, pending with { Response = Created("{\"id\":\"e1\"}") }, pending.Version, Ct);
        Assert.NotNull(completed);
        Assert.Null(await Store.TryReplaceAsync(id, pending, pending.Version, Ct));
        var read = (await Store.ReadAsync(id, Ct))!;
        Assert.Equal(completed, read.Version);
        Assert.Equal(201, read.Response!.Status);
        Assert.Equal("{\"id\":\"e1\"}", Encoding.UTF8.GetString(read.Response.Body));
        Assert.Equal(Created("").Headers, read.Response.Headers);

        Assert.False(await Store.TryDeleteAsync(id, pending.Version, Ct));
        Assert.True(await Store.TryDeleteAsync(id, read.Version, Ct));
        Assert.Null(await Store.ReadAsync(id, Ct));
        Assert.False(await Store.TryDeleteAsync(id, read.Version, Ct));
        Assert.Null(await Store.TryReplaceAsync(id, pending, read.Version, Ct));
    }

    [Fact]
    public async Task One_of_many_concurrent_first_uses_on_two_instances_begins_and_the_rest_are_told_it_is_in_progress()
    {
        var keys = new[] { fixture.Instance.Get<IdempotencyKeys>(), (await fixture.StartInstanceAsync()).Get<IdempotencyKeys>() };
        var caller = "member:" + Seed.NewUserId();

        var begins = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => keys[i % 2].TryBeginAsync(caller, "k-1", "f1", Ct)));

        var began = Assert.Single(begins.OfType<IdempotencyBegin.Began>());
        Assert.Equal(9, begins.Count(b => b is IdempotencyBegin.InProgress));
        Assert.True(await keys[0].CompleteAsync(began.Claim, Created("{}"), Ct));

        var replay = Assert.IsType<IdempotencyBegin.Completed>(await keys[1].TryBeginAsync(caller, "k-1", "f1", Ct));
        Assert.Equal(201, replay.Response.Status);
        Assert.IsType<IdempotencyBegin.Mismatch>(await keys[1].TryBeginAsync(caller, "k-1", "f2", Ct));
        Assert.IsType<IdempotencyBegin.Began>(await keys[1].TryBeginAsync("member:" + Seed.NewUserId(), "k-1", "f2", Ct));
    }

    [Fact]
    public async Task A_released_key_begins_again()
    {
        var keys = fixture.Instance.Get<IdempotencyKeys>();
        var caller = "client:203.0.113.9." + Guid.NewGuid();
        var first = Assert.IsType<IdempotencyBegin.Began>(await keys.TryBeginAsync(caller, "k", "f1", Ct));

        Assert.True(await keys.ReleaseAsync(first.Claim, Ct));

        var again = Assert.IsType<IdempotencyBegin.Began>(await keys.TryBeginAsync(caller, "k", "f2", Ct));
        Assert.False(again.TakenOver);
    }

    [Fact]
    public async Task A_pending_key_past_its_lease_is_taken_over_once_and_the_first_holder_can_no_longer_complete()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var a = (await fixture.StartInstanceAsync(s => s["Festa:Idempotency:Lease"] = "00:00:30", s => s.AddSingleton<TimeProvider>(clock))).Get<IdempotencyKeys>();
        var b = (await fixture.StartInstanceAsync(s => s["Festa:Idempotency:Lease"] = "00:00:30", s => s.AddSingleton<TimeProvider>(clock))).Get<IdempotencyKeys>();
        var caller = "member:" + Seed.NewUserId();
        var crashed = Assert.IsType<IdempotencyBegin.Began>(await a.TryBeginAsync(caller, "k", "f1", Ct));

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.IsType<IdempotencyBegin.InProgress>(await b.TryBeginAsync(caller, "k", "f1", Ct));
        clock.Advance(TimeSpan.FromSeconds(2));
        var takeovers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => b.TryBeginAsync(caller, "k", "f1", Ct)));

        var taken = Assert.Single(takeovers.OfType<IdempotencyBegin.Began>());
        Assert.True(taken.TakenOver);
        Assert.Equal(crashed.Claim.OperationId, taken.Claim.OperationId);
        Assert.False(await a.CompleteAsync(crashed.Claim, Created("late"), Ct));
        Assert.True(await b.CompleteAsync(taken.Claim, Created("{}"), Ct));
        Assert.IsType<IdempotencyBegin.Completed>(await a.TryBeginAsync(caller, "k", "f1", Ct));
    }

    [Fact]
    public async Task A_key_past_its_retention_is_new_again_even_before_the_store_removes_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var keys = (await fixture.StartInstanceAsync(services: s => s.AddSingleton<TimeProvider>(clock))).Get<IdempotencyKeys>();
        var caller = "member:" + Seed.NewUserId();
        var first = Assert.IsType<IdempotencyBegin.Began>(await keys.TryBeginAsync(caller, "k", "f1", Ct));
        Assert.True(await keys.CompleteAsync(first.Claim, Created("{}"), Ct));

        clock.Advance(TimeSpan.FromHours(23.9));
        Assert.IsType<IdempotencyBegin.Completed>(await keys.TryBeginAsync(caller, "k", "f1", Ct));
        clock.Advance(TimeSpan.FromHours(0.2));

        var renewed = Assert.IsType<IdempotencyBegin.Began>(await keys.TryBeginAsync(caller, "k", "another request", Ct));
        Assert.False(renewed.TakenOver);
        Assert.Equal(clock.GetUtcNow().AddHours(24), (await Store.ReadAsync(first.Claim.Id, Ct))!.ExpiresAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task The_sweep_removes_expired_records_but_keeps_live_and_reused_ones()
    {
        fixture.Require(StoreCapability.TimeToLive);
        var now = DateTimeOffset.UtcNow;
        var expired = NewId();
        var live = NewId();
        var reused = NewId();
        await Store.TryInsertAsync(expired, Pending(now.AddHours(-25)), Ct);
        await Store.TryInsertAsync(live, Pending(now), Ct);
        var old = (await Store.TryInsertAsync(reused, Pending(now.AddHours(-25)), Ct)).Version;
        await Store.TryReplaceAsync(reused, Pending(now), old!, Ct); // the key used again after its retention

        // Table sweeps by the hour of expiry (the expiry index): an hour on, every record expired before now is gone.
        await Store.DeleteExpiredAsync(now.AddHours(1), Ct);
        var deadline = DateTimeOffset.UtcNow + fixture.ExpiryLatency();
        while (await Store.ReadAsync(expired, Ct) is not null && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(250, Ct);
        }

        Assert.Null(await Store.ReadAsync(expired, Ct));
        Assert.NotNull(await Store.ReadAsync(live, Ct));
        Assert.NotNull(await Store.ReadAsync(reused, Ct));
    }
}
