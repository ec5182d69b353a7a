using Festa.TestSupport;

namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>
/// Random interleavings of every state-changing operation on four instances of one store, with store faults (a
/// request that fails before it is sent, one whose answer is lost after it was applied — both below and above the
/// SDK's own retries) and lost client answers, for a fixed set of seeds. After each run the invariants of
/// <see cref="TortureInvariants"/> are checked; on failure the seed and the operation history are printed.
/// Longer runs: <c>FESTA_TORTURE_SEEDS=1-50 FESTA_TORTURE_STEPS=600 ./test.sh --filter "FullyQualifiedName~Torture"</c>
/// (scripts/torture.sh).
/// </summary>
public abstract class TortureContract(StoreFixture store)
{
    /// <summary>Seeds of the default run (CI): a few short runs, about 20 s each on 2 cores.</summary>
    private static readonly int[] DefaultSeeds = [1, 2, 3];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        foreach (var seed in FromEnvironment("FESTA_TORTURE_SEEDS") ?? DefaultSeeds)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_interleavings_with_faults_keep_every_invariant(int seed)
    {
        store.Require(StoreCapability.Transactions);

        // The wrong-password invariant counts against one window of the per-account limit (a day here, see LowLoginLimit).
        await RateLimitWindows.ClearOfBoundaryAsync(TimeSpan.FromDays(1), TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        var steps = int.TryParse(Environment.GetEnvironmentVariable("FESTA_TORTURE_STEPS"), out var n) ? n : 200;
        var plan = new TorturePlan(seed, steps, workers: 8, instances: 4, members: 12, events: 3);
        var run = new TortureRun(store, plan, new TortureOptions(), LowLoginLimit);

        await run.RunAsync(TestContext.Current.CancellationToken);
        var violations = await TortureInvariants.CheckAsync(run, new TortureChecks(IdempotentReplays: true));

        var faults = $"store faults injected: {run.Faults.Sum(f => f.BeforeCommitCount)} before commit, {run.Faults.Sum(f => f.AfterCommitCount)} after commit";
        TestContext.Current.TestOutputHelper?.WriteLine($"Torture seed {seed} ({store.StoreName}): {steps} steps, {faults}.");
        var errors = run.Instances.SelectMany(i => i.Logs.GetSnapshot())
            .Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
            .Select(l => $"  {l.Category}: {l.Message} {l.Exception?.GetType().Name}: {l.Exception?.Message}").Distinct().Take(20);
        Assert.True(violations.Count == 0, run.History.Describe(seed, violations) + Environment.NewLine + faults +
            Environment.NewLine + "Errors logged:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        Assert.True(run.Faults.Sum(f => f.BeforeCommitCount + f.AfterCommitCount) > 0, "No store fault was injected: the run proves nothing.");

        // The throttle and replay invariants check something only if the run reached them.
        Assert.True(run.History.Records.Any(r => r.Step.Op == TortureOp.LoginWrong && r.Answers.Any(a => a.Status == 429)),
            $"Seed {seed}: no attacker reached the login limit, so the throttle invariant proved nothing.");
        Assert.True(run.History.Records.Any(r => r.Answers.Skip(1).Any(a => a.Header("Idempotent-Replayed") == "true")),
            $"Seed {seed}: no retry was answered from its idempotency record, so the replay invariant proved nothing.");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Waiting lists: {run.History.Records.Count(r => r.Step.Op == TortureOp.WaitlistJoin && r.Answers.Any(a => a.Status == 201))} joins answered 201, " +
            $"{run.History.Records.Count(r => r.Step.Op == TortureOp.WaitlistLeave && r.Answers.Any(a => a.Status == 204))} leaves answered 204; joins ended " +
            string.Join(", ", run.History.Records.Where(r => r.Step.Op == TortureOp.WaitlistJoin)
                .GroupBy(r => $"{r.Final.Status} {r.Final.ProblemCode}".Trim()).Select(g => $"{g.Key} × {g.Count()}")) + ".");
    }

    /// <summary>A low login limit, so the attacker's few wrong passwords per account reach it within one run.</summary>
    private static void LowLoginLimit(Dictionary<string, string?> settings)
    {
        settings["Festa:RateLimits:LoginPerAccount:PermitLimit"] = "2";

        // One window for the whole run: a fixed window admits up to twice the limit across a boundary (RateLimiter),
        // which the invariant would count as an overshoot.
        settings["Festa:RateLimits:LoginPerAccount:Window"] = "1.00:00:00";

        // A key left pending by a failed release or completion is taken over after its lease: 2 s, so patient clients finish within the run.
        settings["Festa:Idempotency:Lease"] = "00:00:02";
    }

    private static IEnumerable<int>? FromEnvironment(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(part =>
            part.Split('-') is [var from, var to] ? Enumerable.Range(int.Parse(from), int.Parse(to) - int.Parse(from) + 1) : [int.Parse(part)]);
    }
}

public sealed class TableTortureTests(TableStoreFixture store) : TortureContract(store), IClassFixture<TableStoreFixture>;

/// <summary>Sign-ups are transactional batches, which only a real Cosmos account serves: skipped on the local test server.</summary>
public sealed class CosmosTortureTests(CosmosStoreFixture store) : TortureContract(store), IClassFixture<CosmosStoreFixture>;
