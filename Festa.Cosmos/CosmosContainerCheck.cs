using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Festa.Cosmos;

/// <summary>
/// Compares each existing container with the settings Festa needs (<see cref="FestaContainers.Definitions"/>):
/// a container created before them, or by hand, keeps its old settings, since create-if-missing never
/// changes an existing one. Missing <c>DefaultTimeToLive</c> on <c>sessions</c> means expired sessions are
/// never removed ("Time to Live (TTL) in Azure Cosmos DB": per-item <c>ttl</c> is ignored unless the
/// container's is set); a missing composite index makes the listing query fail (400) or scan. Run at
/// start-up (logged) and by every health probe until it passes (unhealthy meanwhile). Also warns when the account's default
/// consistency is weaker than Strong (a revoke on one instance may be missed by another).
/// </summary>
internal sealed partial class CosmosContainerCheck(FestaContainers containers, ILogger<CosmosContainerCheck> logger)
{
    private volatile bool _passed;
    private volatile string? _lastReported;

    /// <returns>Null when every container is as Festa needs it, otherwise what is wrong.</returns>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        // A pass is remembered; a problem is looked at again by the next probe, so a fix shows without a restart.
        if (_passed)
        {
            return null;
        }

        var problems = new List<string>();
        foreach (var expected in containers.Definitions)
        {
            try
            {
                var actual = (await containers.Database.GetContainer(expected.Id).ReadContainerAsync(cancellationToken: cancellationToken)).Resource;
                problems.AddRange(Compare(expected, actual));
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                problems.Add($"container '{expected.Id}' does not exist");
            }
        }

        if (problems.Count == 0)
        {
            await WarnUnlessStrongAsync();
            _passed = true;
            return null;
        }

        var report = "Cosmos DB containers need attention: " + string.Join("; ", problems) + ".";
        if (report != _lastReported)
        {
            _lastReported = report;
            LogProblem(report);
        }

        return report;
    }

    /// <summary>What <paramref name="actual"/> lacks of <paramref name="expected"/>: TTL, composite indexes.</summary>
    internal static IEnumerable<string> Compare(ContainerProperties expected, ContainerProperties actual)
    {
        if (expected.DefaultTimeToLive is not null && actual.DefaultTimeToLive is null)
        {
            yield return $"container '{expected.Id}' has no DefaultTimeToLive, so expired items are never removed (set it to -1, as infra/bicep does)";
        }

        var present = actual.IndexingPolicy.CompositeIndexes.Select(Key).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in expected.IndexingPolicy.CompositeIndexes.Select(Key).Where(k => !present.Contains(k)))
        {
            yield return $"container '{expected.Id}' lacks the composite index ({missing}) the listing query orders by";
        }
    }

    private static string Key(IEnumerable<CompositePath> paths) =>
        string.Join(", ", paths.Select(p => p.Path + (p.Order == CompositePathSortOrder.Descending ? " DESC" : string.Empty)));

    private async Task WarnUnlessStrongAsync()
    {
        var account = await containers.Client.ReadAccountAsync();
        if (account.Consistency.DefaultConsistencyLevel != ConsistencyLevel.Strong)
        {
            LogWeakConsistency(account.Consistency.DefaultConsistencyLevel);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cosmos DB account consistency is {Level}, not Strong: a session revoked on one instance may still be accepted by another for a while (infra/bicep sets Strong)")]
    private partial void LogWeakConsistency(ConsistencyLevel level);
}
