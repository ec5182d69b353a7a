using System.Diagnostics;

namespace Festa.TestSupport.Http;

/// <summary>
/// Issue 19's measure of bounded hashing, for bench/ to call: the p99 of a storeless request
/// (<c>GET /api/openapi.json</c>) when idle and while <c>logins</c> correct-password logins hash concurrently on the
/// same instance. The acceptance figure is <see cref="Result.Ratio"/> ≤ 10. Each login is a member of its own from an
/// address of its own, so no rate limit shapes the load. A measurement, not a test: report it, do not assert on it
/// in unit tests.
/// </summary>
public static class LatencyUnderHashing
{
    public sealed record Result(double IdleP99Ms, double LoadedP99Ms, int Logins, int LoginsSucceeded, int Samples)
    {
        public double Ratio => LoadedP99Ms / Math.Max(IdleP99Ms, 0.001);

        public override string ToString() =>
            $"GET /api/openapi.json p99: idle {IdleP99Ms:F1} ms, during {Logins} logins {LoadedP99Ms:F1} ms (×{Ratio:F1}); " +
            $"{LoginsSucceeded}/{Logins} logins succeeded; {Samples} samples each";
    }

    public static async Task<Result> MeasureAsync(FestaInstance instance, int logins = 64, int samples = 200)
    {
        var members = new List<string>();
        for (var i = 0; i < logins; i++)
        {
            members.Add((await instance.MemberAsync()).UserId.Value);
        }

        await instance.Client.GetAsync("/api/openapi.json"); // warm-up
        var idle = await SampleAsync(instance.Client, samples, () => false);

        var started = members.Select(userId => Task.Run(() =>
            instance.Client.From(Seed.NewClientAddress()).PostAsync("/api/auth/login", new { userId, password = Seed.Password }))).ToList();
        var loginsDone = Task.WhenAll(started);
        var loaded = await SampleAsync(instance.Client, samples, () => loginsDone.IsCompleted);
        var answers = await loginsDone;

        return new Result(P99(idle), P99(loaded), logins, answers.Count(a => a.Status == 200), loaded.Count);
    }

    /// <summary>Sequential requests, one at a time, until <paramref name="samples"/> or <paramref name="stop"/>.</summary>
    private static async Task<List<double>> SampleAsync(FestaClient api, int samples, Func<bool> stop)
    {
        var latencies = new List<double>(samples);
        while (latencies.Count < samples && !stop())
        {
            var watch = Stopwatch.StartNew();
            var response = await api.GetAsync("/api/openapi.json");
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (response.Status != 200)
            {
                throw new InvalidOperationException($"GET /api/openapi.json answered {response.Status}.");
            }
        }

        return latencies;
    }

    private static double P99(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
