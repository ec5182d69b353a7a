using Festa.Core.Events;
using Festa.Core.Members;
using Festa.Core.RateLimiting;
using Festa.TestSupport;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>
/// What must hold after a torture run, read from the store once the faults are off and background work settled:
/// every answer a well-formed request may get; seats taken = sign-up rows ≤ capacity, one row per member; no
/// withdrawn member holds a seat, a waiting-list place or a live session; each waiting list holds a member once, never
/// one who holds a seat, at positions 1..n with n shown on the event; at most the limit of the attacker's wrong passwords checked; and
/// a retry with the same idempotency key gets the first answer.
/// </summary>
public static class TortureInvariants
{
    public static async Task<List<string>> CheckAsync(TortureRun run, TortureChecks checks)
    {
        var violations = new List<string>();
        Answers(run, violations);
        var instance = run.Instances[0];
        var holders = await SeatsAsync(run, instance, violations);
        var waiters = await WaitlistsAsync(instance, run.Events.Where(e => holders.ContainsKey(e.Id)), holders, violations);
        await WithdrawalsAsync(run, instance, holders, waiters, violations);
        WrongPasswords(run, instance, violations);
        if (checks.IdempotentReplays)
        {
            Replays(run, violations);
        }

        await TortureNotices.CheckAsync(run, instance, violations);

        return violations;
    }

    /// <summary>Every request is well formed: 400 or 500 is a fault; 503 is allowed only as the store-unavailable problem.</summary>
    private static void Answers(TortureRun run, List<string> violations)
    {
        foreach (var record in run.History.Records)
        {
            foreach (var answer in record.Answers)
            {
                var unexpected = answer.Status is 400 or 500 or 502 or 504 ||
                                 (answer.Status == 503 && answer.ProblemCode is not ("store-unavailable" or "busy")) ||
                                 (answer.Status == 422 && record.Step.Op != TortureOp.PasswordChange);

                // The client's idea of the password goes stale when another worker changed it concurrently, or when a
                // change was applied but answered 503 (the store failed after the commit): "not correct" is honest then.
                if (answer.Status == 400 && record.Step.Op == TortureOp.PasswordChange &&
                    answer.Body.Contains("currentPassword", StringComparison.Ordinal))
                {
                    unexpected = false;
                }
                if (unexpected)
                {
                    violations.Add($"#{record.Step.Index} {record.Step.Op} answered {answer}");
                }
            }
        }
    }

    /// <returns>Who holds a seat, per event still there.</returns>
    private static async Task<Dictionary<string, HashSet<UserId>>> SeatsAsync(TortureRun run, FestaInstance instance, List<string> violations)
    {
        var holders = new Dictionary<string, HashSet<UserId>>();
        foreach (var e in run.Events)
        {
            var id = EventId.FromTrusted(e.Id);
            var rows = await instance.AllParticipantsAsync(e.Id);
            var snapshot = await instance.Get<IEventStore>().FindAsync(id, null, CancellationToken.None);
            if (snapshot is null)
            {
                if (rows.Count > 0 && !e.DeleteSent)
                {
                    violations.Add($"event {e.Id} vanished without a delete, leaving {rows.Count} sign-up rows");
                }

                continue;
            }

            if (rows.Count != snapshot.SeatsTaken)
            {
                violations.Add($"event {e.Id}: {snapshot.SeatsTaken} seats taken but {rows.Count} sign-up rows");
            }

            if (snapshot.SeatsTaken > snapshot.Event.Capacity)
            {
                violations.Add($"event {e.Id}: {snapshot.SeatsTaken} seats taken of {snapshot.Event.Capacity} (oversold)");
            }

            if (rows.Select(r => r.MemberId).Distinct().Count() != rows.Count)
            {
                violations.Add($"event {e.Id}: a member holds two seats: {string.Join(", ", rows.Select(r => r.MemberId.Value))}");
            }

            holders[e.Id] = rows.Select(r => r.MemberId).ToHashSet();
        }

        return holders;
    }

    private static async Task WithdrawalsAsync(TortureRun run, FestaInstance instance, Dictionary<string, HashSet<UserId>> holders,
        Dictionary<string, List<string>> waiters, List<string> violations)
    {
        foreach (var member in run.Members.Where(m => m.WithdrawalSent))
        {
            var stored = await instance.Get<IMemberStore>().FindAsync(member.Id, CancellationToken.None);
            var completed = run.History.Records.Any(r => r.Step.Op == TortureOp.Withdraw && r.Step.Member == run.Members.IndexOf(member) &&
                                                         r.Answers.Any(a => a.Status == 204));
            if (stored is { Value.IsWithdrawn: false })
            {
                if (completed)
                {
                    violations.Add($"member {member.Id}: withdrawal answered 204 but the member is not withdrawn");
                }

                continue;
            }

            foreach (var (eventId, members) in holders.Where(h => h.Value.Contains(member.Id)))
            {
                violations.Add($"withdrawn member {member.Id} still holds a seat at {eventId}");
            }

            foreach (var (eventId, _) in waiters.Where(w => w.Value.Contains(member.Id.Value)))
            {
                violations.Add($"withdrawn member {member.Id} still waits at {eventId}");
            }

            foreach (var token in member.Tokens.Distinct())
            {
                var session = await instance.Client.GetAsync("/api/auth/session", token);
                if (session.Status != 401)
                {
                    violations.Add($"withdrawn member {member.Id} has a live session: GET /api/auth/session answered {session.Status}");
                }
            }
        }
    }

    /// <summary>
    /// Per event still there, the host's view of its waiting list: each member once, none holding a seat; positions
    /// 1..n in order (dense), and the event shows <c>waitlistLength</c> n. Returns who waits, per event.
    /// </summary>
    private static async Task<Dictionary<string, List<string>>> WaitlistsAsync(FestaInstance instance, IEnumerable<TortureEvent> events,
        Dictionary<string, HashSet<UserId>> holders, List<string> violations)
    {
        var waiters = new Dictionary<string, List<string>>();
        foreach (var e in events)
        {
            var waiting = (await instance.Client.AllPagesAsync($"/api/events/{e.Id}/waitlist?limit=100", e.HostToken))
                .ConvertAll(i => (Member: i.GetProperty("userId").GetString()!, Position: i.GetProperty("position").GetInt32()));
            if (!waiting.Select(w => w.Position).SequenceEqual(Enumerable.Range(1, waiting.Count)))
            {
                violations.Add($"event {e.Id}: waiting-list positions {string.Join(",", waiting.Select(w => w.Position))} are not 1..{waiting.Count}");
            }

            foreach (var twice in waiting.GroupBy(w => w.Member).Where(g => g.Count() > 1))
            {
                violations.Add($"event {e.Id}: member {twice.Key} waits {twice.Count()} times");
            }

            foreach (var (member, position) in waiting.Where(w => holders[e.Id].Contains(UserId.FromTrusted(w.Member))))
            {
                violations.Add($"event {e.Id}: member {member} holds a seat and also waits at position {position}");
            }

            var shown = await instance.Client.GetAsync($"/api/events/{e.Id}", e.HostToken);
            if (shown.Status != 200 || !shown.Json.TryGetProperty("waitlistLength", out var length) || length.GetInt32() != waiting.Count)
            {
                violations.Add($"event {e.Id}: shows {shown} but {waiting.Count} members wait");
            }

            waiters[e.Id] = waiting.ConvertAll(w => w.Member);
        }

        return waiters;
    }

    /// <summary>The attacker sends wrong passwords for each account from one address: at most LoginPerAccount's limit are hashed.</summary>
    private static void WrongPasswords(TortureRun run, FestaInstance instance, List<string> violations)
    {
        var limit = instance.Get<IOptions<RateLimitOptions>>().Value.LoginPerAccount.PermitLimit;
        foreach (var member in run.Members)
        {
            var hashed = WrongPasswordCounter.Checked.GetValueOrDefault(member.Id.Value);
            if (hashed > limit)
            {
                violations.Add($"member {member.Id}: {hashed} of the attacker's {member.WrongPasswordsSent} wrong passwords were checked (limit {limit})");
            }
        }
    }

    /// <summary>A retry with the same idempotency key after a lost answer gets that answer again (status and body).</summary>
    private static void Replays(TortureRun run, List<string> violations)
    {
        foreach (var record in run.History.Records.Where(r => r.Step.LoseFirstAnswer && r.Answers.Count > 1))
        {
            var first = record.Answers[0];
            if (first.Status is 429 or >= 500 || first.ProblemCode == "idempotency-key-in-use" ||
                record.Step.Op is TortureOp.LoginRight or TortureOp.LoginWrong)
            {
                continue;
            }

            // Not contradictions: the session ended meanwhile (authentication comes before the replay), or the key is
            // still pending because recording the first answer failed (409 in-use until its lease ends; the draft's answer).
            foreach (var retry in record.Answers.Skip(1).Where(a => a.Status is not (429 or >= 500 or 401) && a.ProblemCode != "idempotency-key-in-use"))
            {
                if (retry.Status != first.Status || retry.Body != first.Body)
                {
                    violations.Add($"#{record.Step.Index} {record.Step.Op}: the retry got {retry} but the lost first answer was {first}");
                }
            }
        }
    }
}

/// <summary>Which checks a run makes (idempotent replays need the Idempotency-Key support of the pipeline).</summary>
public sealed record TortureChecks(bool IdempotentReplays);
