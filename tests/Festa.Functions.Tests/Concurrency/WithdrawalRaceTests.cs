using Festa.Core.Events;
using Festa.Core.Members;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Concurrency;

/// <summary>
/// Issue 14's "a withdrawn member keeps seats forever", reproduced: a member keeps taking and giving back seats at
/// several events on instance A while a withdrawal of the same session runs on instance B, started after a seeded
/// delay. Afterwards,
/// for every seed, the member holds no seat anywhere, every event's seat count equals its sign-up rows, and the
/// account is closed (sessions ended, login refused). The seed is printed on failure.
/// </summary>
public abstract class WithdrawalRaceContract(StoreFixture store)
{
    private const int Events = 5;

    /// <summary>Sign-up and cancel rounds per event at most (the withdrawal ends them much sooner).</summary>
    private const int MaxRounds = 200;

    public static TheoryData<int> Seeds() => new(11, 23, 37, 41, 59, 67, 73, 89);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Sign_ups_racing_with_a_withdrawal_on_another_instance_leave_the_member_no_seat(int seed)
    {
        store.Require(StoreCapability.Transactions);
        var random = new Random(seed);
        // The member signs up far more often than EventSignUpPerMember allows: that limit is not under test here.
        var a = (await store.StartInstanceAsync(s => s["Festa:RateLimits:EventSignUpPerMember:Enabled"] = "false")).Client;
        var b = (await store.StartInstanceAsync()).Client;
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var events = new List<string>();
        for (var i = 0; i < Events; i++)
        {
            events.Add(await store.Instance.Client.CreateEventAsync(host, Requests.Event(title: $"Race {seed} {i} {Guid.NewGuid():N}", capacity: 3)));
        }

        var (member, token) = await store.Instance.SignedInMemberAsync();
        var delays = events.Select(_ => random.Next(0, 15)).ToArray();
        var withdrawDelay = random.Next(0, 40);

        // Each event's worker takes a seat and gives it back, again and again, until the session is refused: so
        // seats are committing at every moment of the withdrawal, on another instance.
        var workers = events.Select((id, i) => Task.Run(async () =>
        {
            var answers = new List<TestResponse>();
            await Task.Delay(delays[i]);
            for (var round = 0; round < MaxRounds; round++)
            {
                var joined = await a.PostAsync($"/api/events/{id}/signups", token: token);
                answers.Add(joined);
                if (joined.Status != 201)
                {
                    break;
                }

                var left = await a.DeleteAsync($"/api/events/{id}/signups/me", token);
                answers.Add(left);
                if (left.Status == 401)
                {
                    break;
                }
            }

            return answers;
        })).ToArray();
        var withdrawal = Task.Run(async () =>
        {
            await Task.Delay(withdrawDelay);
            return await WithdrawUntilDoneAsync(b, token);
        });
        var answers = (await Task.WhenAll(workers)).SelectMany(w => w).ToList();
        var withdrawn = await withdrawal;

        var context = $"seed {seed} (worker delays {string.Join(',', delays)} ms, withdrawal after {withdrawDelay} ms; " +
            $"{answers.Count(r => r.Status == 201)} seats taken meanwhile, withdrawal {withdrawn.Status})";
        Assert.True(withdrawn.Status == 204, $"{context}: {withdrawn}");
        Assert.All(answers, r => Assert.True(r.Status is 201 or 204 or 401 or 404, $"{context}: {r}"));
        Assert.Equal(events.Count, answers.Count(r => r.Status == 401));

        var signUpStore = store.Instance.Get<ISignUpStore>();
        var eventStore = store.Instance.Get<IEventStore>();
        foreach (var id in events)
        {
            var rows = await signUpStore.AllParticipantsAsync(id);
            Assert.True(rows.All(r => r.MemberId != member.UserId), $"{context}: the withdrawn member still holds a seat at {id}");
            var seats = (await eventStore.FindAsync(EventId.FromTrusted(id), null, CancellationToken.None))!.SeatsTaken;
            Assert.True(seats == rows.Count, $"{context}: event {id} counts {seats} seats for {rows.Count} sign-up rows");
        }

        Assert.Empty(await signUpStore.ListOfMemberAsync(member.UserId, CancellationToken.None));
        Assert.True((await store.Instance.Get<IMemberStore>().FindAsync(member.UserId, CancellationToken.None))!.Value.IsWithdrawn, context);
        Assert.Equal(401, (await a.GetAsync("/api/members/me", token)).Status);
    }

    /// <summary>What a client does: retries a 503 with the same session until the withdrawal answers something else.</summary>
    private static async Task<TestResponse> WithdrawUntilDoneAsync(FestaClient api, string token)
    {
        TestResponse response;
        var attempts = 0;
        do
        {
            response = await api.WithdrawAsync(token, Seed.Password);
        }
        while (response.Status == 503 && ++attempts < 5);

        return response;
    }
}

public sealed class TableWithdrawalRaceTests(TableStoreFixture store) : WithdrawalRaceContract(store), IClassFixture<TableStoreFixture>;

/// <summary>Sign-ups are transactional batches, which only a real Cosmos account serves: skipped on the local test server.</summary>
public sealed class CosmosWithdrawalRaceTests(CosmosStoreFixture store) : WithdrawalRaceContract(store), IClassFixture<CosmosStoreFixture>;
