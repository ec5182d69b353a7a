using System.Globalization;
using System.Text;
using Festa.Core.Members;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// RU per operation on a real Cosmos DB account (FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY; skipped otherwise,
/// the local test server reports no request charge): each operation through its HTTP route, measured by a
/// request handler in the instance's own client, printed as a table. Authenticated operations include the
/// session check they start with. Under the account's consistency (Strong in infra/bicep, reads cost twice
/// Session's); a test account on Session shows lower read charges.
/// </summary>
public sealed class CosmosRequestUnitTests(CosmosStoreFixture store) : IClassFixture<CosmosStoreFixture>
{
    private const int Rounds = 10;

    [Fact]
    public async Task Request_units_per_operation()
    {
        if (!TestCosmos.IsReal)
        {
            Assert.Skip("measures request charges of a real Cosmos DB account; set FESTA_COSMOS_ENDPOINT/FESTA_COSMOS_KEY to run it");
        }

        var meter = new RequestUnitMeter();
        var instance = await store.StartInstanceAsync(services: meter.AddTo);
        var api = instance.Client;
        var (_, host) = await instance.SignedInMemberAsync(Role.Host);
        var eventId = await api.CreateEventAsync(host, Requests.Event(capacity: Rounds * 2));
        var members = new List<string>();
        for (var i = 0; i < Rounds; i++)
        {
            members.Add(await api.SignUpAsync());
        }

        var rows = new List<(string Operation, double Ru, double Requests)>();
        var tokens = new List<string>();
        rows.Add(await MeasureAsync(meter, "login", members, async m =>
        {
            var response = await api.PostAsync("/api/auth/login", Requests.Login(m));
            tokens.Add(response.Json.GetProperty("token").GetString()!);
            return response;
        }, 200));
        rows.Add(await MeasureAsync(meter, "session check (GET /api/auth/session)", tokens, t => api.GetAsync("/api/auth/session", t), 200));
        rows.Add(await MeasureAsync(meter, "event page (GET /api/events/{id})", tokens, t => api.GetAsync($"/api/events/{eventId}", t), 200));
        rows.Add(await MeasureAsync(meter, "listing page (GET /api/events?limit=20)", tokens, t => api.GetAsync("/api/events?limit=20", t), 200));
        rows.Add(await MeasureAsync(meter, "sign-up (POST /api/events/{id}/signups)", tokens, t => api.PostAsync($"/api/events/{eventId}/signups", token: t), 201));
        rows.Add(await MeasureAsync(meter, "cancel (DELETE /api/events/{id}/signups/me)", tokens, t => api.DeleteAsync($"/api/events/{eventId}/signups/me", t), 204));

        var table = new StringBuilder("| operation | RU (mean) | Cosmos requests (mean) |\n|---|---:|---:|\n");
        foreach (var (operation, ru, requests) in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {operation} | {ru:F2} | {requests:F1} |\n");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());
        Assert.All(rows, r => Assert.True(r.Ru > 0, $"{r.Operation} reported no request charge"));
    }

    private static async Task<(string, double, double)> MeasureAsync(RequestUnitMeter meter, string operation, IReadOnlyList<string> inputs,
        Func<string, Task<TestResponse>> send, int expectedStatus)
    {
        meter.Reset();
        foreach (var input in inputs.ToList())
        {
            var response = await send(input);
            Assert.True(response.Status == expectedStatus, $"{operation}: {response}");
        }

        var (ru, requests) = meter.Reset();
        return (operation, ru / inputs.Count, (double)requests / inputs.Count);
    }
}
