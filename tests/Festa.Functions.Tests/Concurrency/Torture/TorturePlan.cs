namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>The operations a torture run mixes.</summary>
public enum TortureOp
{
    SignUp,
    Cancel,
    CapacityChange,
    EventChange,
    EventDelete,
    Withdraw,
    LoginRight,
    LoginWrong,
    PasswordChange,
    Logout,
    WaitlistJoin,
    WaitlistLeave,
}

/// <summary>
/// One planned step: who does what, on which instance, and whether the client loses the first answer (it then
/// retries with the same idempotency key, as a real client after a timeout would).
/// </summary>
public sealed record TortureStep(int Index, int Worker, int Instance, TortureOp Op, int Member, int Event, int Number, bool LoseFirstAnswer);

/// <summary>
/// The seeded plan of a run: the steps and their order per worker. The seed fixes the plan and the store faults'
/// dice; the interleaving itself is the machine's, so a failing seed is rerun to reproduce, not replayed exactly.
/// </summary>
public sealed class TorturePlan
{
    private static readonly (TortureOp Op, int Weight)[] Weights =
    [
        (TortureOp.SignUp, 34), (TortureOp.Cancel, 14), (TortureOp.CapacityChange, 6), (TortureOp.EventChange, 5),
        (TortureOp.EventDelete, 1), (TortureOp.Withdraw, 3), (TortureOp.LoginRight, 7), (TortureOp.LoginWrong, 14),
        (TortureOp.PasswordChange, 4), (TortureOp.Logout, 4), (TortureOp.WaitlistJoin, 12), (TortureOp.WaitlistLeave, 5),
    ];

    public TorturePlan(int seed, int steps, int workers, int instances, int members, int events)
    {
        Seed = seed;
        Members = members;
        Events = events;
        var random = new Random(seed);
        var total = Weights.Sum(w => w.Weight);
        Steps = Enumerable.Range(0, steps).Select(i =>
        {
            var roll = random.Next(total);
            var op = Weights.First(w => (roll -= w.Weight) < 0).Op;

            // Deletions only in the second half, so events live long enough to be contended.
            if (op == TortureOp.EventDelete && i < steps / 2)
            {
                op = TortureOp.SignUp;
            }

            return new TortureStep(i, i % workers, random.Next(instances), op, random.Next(members), random.Next(events),
                random.Next(1, 1000), random.NextDouble() < 0.06);
        }).ToList();
    }

    public int Seed { get; }

    public int Members { get; }

    public int Events { get; }

    public IReadOnlyList<TortureStep> Steps { get; }
}
