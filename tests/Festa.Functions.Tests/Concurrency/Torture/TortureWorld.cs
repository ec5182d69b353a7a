using System.Collections.Concurrent;
using System.Diagnostics;
using Festa.Core.Members;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>A member of a torture run: what the client knows of its own account, changed only under its lock.</summary>
public sealed class TortureMember(Member member, string password, string token, string address)
{
    public Member Member { get; } = member;

    public UserId Id => Member.UserId;

    /// <summary>The member's own client address (its right passwords come from here).</summary>
    public string Address { get; } = address;

    /// <summary>The attacker's address: wrong passwords for this account come from here only.</summary>
    public string AttackerAddress { get; } = Festa.TestSupport.Seed.NewClientAddress();

    public string Password { get; set; } = password;

    public string Token { get; set; } = token;

    /// <summary>Every session token this member was ever given (a withdrawn member's must all be dead).</summary>
    public ConcurrentBag<string> Tokens { get; } = [token];

    /// <summary>A withdrawal was attempted (it may have completed even if its answer was lost).</summary>
    public bool WithdrawalSent { get; set; }

    /// <summary>Wrong passwords sent for this account from the attacker's address.</summary>
    public int WrongPasswordsSent;
}

/// <summary>An event of a torture run and its host.</summary>
public sealed class TortureEvent(string id, string hostToken)
{
    public string Id { get; } = id;

    public string HostToken { get; } = hostToken;

    public bool DeleteSent { get; set; }

    /// <summary>Members (by index) seated before the run, faults off.</summary>
    public HashSet<int> SeatedAtSetUp { get; } = [];

    /// <summary>Members (by index) put on the waiting list before the run, faults off.</summary>
    public HashSet<int> WaitingAtSetUp { get; } = [];
}

/// <summary>One logical operation as the client saw it: every attempt's answer (the first may have been "lost").</summary>
public sealed record TortureRecord(TortureStep Step, string Request, IReadOnlyList<TestResponse> Answers, long StartedMs, long EndedMs)
{
    public TestResponse Final => Answers[^1];

    public override string ToString() =>
        $"#{Step.Index,-4} w{Step.Worker} i{Step.Instance} {StartedMs,6}-{EndedMs,6} ms {Step.Op,-14} {Request}: " +
        string.Join(" → ", Answers.Select(a => a.ProblemCode is { } code ? $"{a.Status} {code}" : $"{a.Status}")) +
        (Step.LoseFirstAnswer ? " (first answer lost)" : "");
}

/// <summary>The shared, append-only history of a run, printed with the seed when an invariant fails.</summary>
public sealed class TortureHistory
{
    private readonly ConcurrentQueue<TortureRecord> _records = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Now => _clock.ElapsedMilliseconds;

    public IEnumerable<TortureRecord> Records => _records.OrderBy(r => r.Step.Index);

    public void Add(TortureRecord record) => _records.Enqueue(record);

    public string Describe(int seed, IEnumerable<string> violations) =>
        $"Torture run failed; seed {seed} (rerun: FESTA_TORTURE_SEEDS={seed} ./test.sh --filter \"FullyQualifiedName~Torture\")." +
        Environment.NewLine + "Violations:" + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(v => "  " + v)) +
        Environment.NewLine + "History (by step; times since the start):" + Environment.NewLine +
        string.Join(Environment.NewLine, Records.Select(r => "  " + r));
}
