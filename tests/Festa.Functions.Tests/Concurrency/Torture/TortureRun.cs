using System.Text.Json;
using Festa.Core.Members;
using Festa.Core.Members.Passwords;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Concurrency.Torture;

/// <summary>
/// One torture run: <see cref="TorturePlan"/>'s steps on several instances of one store, with store faults injected
/// (<see cref="StoreFaults"/>) and client answers lost; then the faults stop, background work settles, and
/// <see cref="TortureInvariants"/> checks the store.
/// </summary>
public sealed class TortureRun(StoreFixture store, TorturePlan plan, TortureOptions options, Action<Dictionary<string, string?>>? settings = null)
{
    /// <summary>How often a client sends one operation after a 503, a lost answer or a pending key (then it gives up).</summary>
    private const int MaxAttempts = 7;

    public TortureHistory History { get; } = new();

    public List<TortureMember> Members { get; } = [];

    public List<TortureEvent> Events { get; } = [];

    public List<FestaInstance> Instances { get; } = [];

    public List<StoreFaults> Faults { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await SetUpAsync();
        foreach (var faults in Faults)
        {
            faults.Enabled = true;
        }

        var workers = plan.Steps.GroupBy(s => s.Worker).Select(steps => Task.Run(async () =>
        {
            foreach (var step in steps)
            {
                await ExecuteAsync(step);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        foreach (var faults in Faults)
        {
            faults.Enabled = false;
        }
    }

    private async Task SetUpAsync()
    {
        for (var i = 0; i < options.Instances; i++)
        {
            var faults = new StoreFaults(plan.Seed * 7919 + i, options.BeforeCommitRate, options.AfterCommitRate);
            Faults.Add(faults);
            Instances.Add(await store.StartInstanceAsync(settings, services =>
            {
                faults.AddTo(services);
                services.AddSingleton<IPasswordHasher>(sp => new WrongPasswordCounter(ActivatorUtilities.CreateInstance<IdentityPasswordHasher>(sp)));
            }));
        }

        var setup = Instances[0];
        for (var i = 0; i < plan.Members; i++)
        {
            var (member, token) = await setup.SignedInMemberAsync();
            Members.Add(new TortureMember(member, Seed.Password, token, Seed.NewClientAddress()));
        }

        for (var e = 0; e < plan.Events; e++)
        {
            var (_, host) = await setup.SignedInMemberAsync(Role.Host);
            var capacity = InitialCapacity(e);
            var id = await setup.Client.CreateEventAsync(host, Requests.Event(title: $"Torture {plan.Seed}.{e}", capacity: capacity));
            Events.Add(new TortureEvent(id, host));
        }

        await FillWithWaitingListAsync(setup, Events[0], InitialCapacity(0), waiting: 2);
    }

    private int InitialCapacity(int e) => 2 + (plan.Seed + e) % 4;

    /// <summary>
    /// The first event starts full with members waiting (faults still off), so every run has a waiting list for its
    /// cancels, withdrawals, capacity changes and leaves to move: promotions under faults, not only joins.
    /// </summary>
    private async Task FillWithWaitingListAsync(FestaInstance setup, TortureEvent e, int capacity, int waiting)
    {
        for (var i = 0; i < capacity + waiting; i++)
        {
            var member = Members[i];
            var answer = await setup.Client.From(member.Address)
                .SendAsync("POST", $"/api/events/{e.Id}/{(i < capacity ? "signups" : "waitlist")}", null, token: member.Token);
            if (answer.Status != 201)
            {
                throw new InvalidOperationException($"Setting up event {e.Id}'s waiting list: member {i} was answered {answer}");
            }

            (i < capacity ? e.SeatedAtSetUp : e.WaitingAtSetUp).Add(i);
        }
    }

    private async Task ExecuteAsync(TortureStep step)
    {
        var member = Members[step.Member];
        var e = Events[step.Event];
        var started = History.Now;
        var (client, method, path, body, token) = step.Op switch
        {
            TortureOp.SignUp => (Client(step, member.Address), "POST", $"/api/events/{e.Id}/signups", null, member.Token),
            TortureOp.Cancel => (Client(step, member.Address), "DELETE", $"/api/events/{e.Id}/signups/me", null, member.Token),
            TortureOp.CapacityChange => (Client(step, null), "PATCH", $"/api/events/{e.Id}", new { capacity = 1 + step.Number % 6 }, e.HostToken),
            TortureOp.EventChange => (Client(step, null), "PATCH", $"/api/events/{e.Id}", new { description = $"Changed by step {step.Index}." }, e.HostToken),
            TortureOp.EventDelete => (Client(step, null), "DELETE", $"/api/events/{e.Id}", (object?)null, e.HostToken),
            TortureOp.Withdraw => (Client(step, member.Address), "DELETE", "/api/members/me", new { password = member.Password }, member.Token),
            TortureOp.LoginRight => (Client(step, member.Address), "POST", "/api/auth/login", new { userId = member.Id.Value, password = member.Password }, null),
            TortureOp.LoginWrong => (Client(step, member.AttackerAddress), "POST", "/api/auth/login",
                new { userId = member.Id.Value, password = WrongPasswordCounter.For(member.Id.Value, Interlocked.Increment(ref member.WrongPasswordsSent)) }, null),
            TortureOp.PasswordChange => (Client(step, member.Address), "PUT", "/api/members/me/password",
                new { currentPassword = member.Password, newPassword = NewPassword(step) }, member.Token),
            TortureOp.Logout => (Client(step, member.Address), "POST", "/api/auth/logout", null, member.Token),
            TortureOp.WaitlistJoin => (Client(step, member.Address), "POST", $"/api/events/{e.Id}/waitlist", null, member.Token),
            TortureOp.WaitlistLeave => (Client(step, member.Address), "DELETE", $"/api/events/{e.Id}/waitlist/me", null, member.Token),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };

        if (step.Op == TortureOp.Withdraw)
        {
            member.WithdrawalSent = true;
        }

        if (step.Op == TortureOp.EventDelete)
        {
            e.DeleteSent = true;
        }

        var answers = await SendAsync(client, method, path, body, token, step.LoseFirstAnswer);
        Learn(step, member, answers);
        History.Add(new TortureRecord(step, $"{method} {path} ({(token == e.HostToken ? "host" : member.Id.Value)})", answers, started, History.Now));
    }

    private string NewPassword(TortureStep step) => $"Torture-{plan.Seed}-{step.Index}-Pass!";

    private FestaClient Client(TortureStep step, string? address) =>
        address is null ? Instances[step.Instance].Client : Instances[step.Instance].Client.From(address);

    /// <summary>A client that retries after a 503 or a lost answer, with the same idempotency key every time.</summary>
    private static async Task<List<TestResponse>> SendAsync(FestaClient client, string method, string path, object? body, string? token, bool loseFirst)
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") };
        var json = body is null ? null : JsonSerializer.Serialize(body);
        var answers = new List<TestResponse>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var answer = await client.SendAsync(method, path, json, token: token, headers: headers);
            answers.Add(answer);
            var lost = attempt == 0 && loseFirst;
            var pending = answer.ProblemCode == "idempotency-key-in-use";
            if (!lost && answer.Status != 503 && !pending)
            {
                break;
            }

            // A pending key says when to come back (Retry-After, seconds), as the idempotency-key draft asks clients to.
            await Task.Delay(pending && int.TryParse(answer.Header("Retry-After"), out var seconds) ? seconds * 1000 : 20 * (attempt + 1));
        }

        return answers;
    }

    /// <summary>What the client learns from the answers (new password, new session).</summary>
    private void Learn(TortureStep step, TortureMember member, List<TestResponse> answers)
    {
        switch (step.Op)
        {
            case TortureOp.LoginRight when answers.LastOrDefault(a => a.Status == 200) is { } ok &&
                                           ok.Json.TryGetProperty("token", out var token):
                lock (member)
                {
                    member.Token = token.GetString()!;
                    member.Tokens.Add(member.Token);
                }

                break;
            case TortureOp.PasswordChange when answers.Any(a => a.Status is 200 or 204):
                lock (member)
                {
                    member.Password = NewPassword(step);
                }

                break;
        }
    }
}

/// <summary>The knobs of a torture run.</summary>
public sealed record TortureOptions(int Instances = 4, int Workers = 8, double BeforeCommitRate = 0.02, double AfterCommitRate = 0.02);
