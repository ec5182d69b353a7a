using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Observability;

/// <summary>
/// The worker's telemetry. With <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> set (Azure) the worker sends its
/// logs, dependencies (every Table Storage call, with its duration) and Festa's metrics straight to
/// Application Insights, authenticating with the managed identity named in
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=…</c>) when that is set.
/// Without it (local runs, tests) nothing is added: logs go through the Functions host as usual.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Never sampled by the worker: failures and (host-side) requests are what operators count.</summary>
    public const string UnsampledTypes = "Request;Exception";

    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// The worker's log levels unless an app setting <c>Logging__LogLevel__{category}</c> says otherwise:
    /// Festa's own logs from Information, everything else (ASP.NET Core's per-request lines, the Azure SDK's
    /// per-call lines, the worker) from Warning.
    /// </summary>
    public static IReadOnlyDictionary<string, LogLevel> DefaultLogLevels { get; } = new Dictionary<string, LogLevel>
    {
        ["Default"] = LogLevel.Warning,
        ["Festa"] = LogLevel.Information,
    };

    public static IServiceCollection AddFestaTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<LoggerFilterOptions>(options => ApplyDefaultLogLevels(options, configuration));

        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.AddOptions<FestaTelemetryOptions>().Bind(configuration.GetSection(FestaTelemetryOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var liveMetrics = configuration.GetValue($"{FestaTelemetryOptions.Section}:{nameof(FestaTelemetryOptions.LiveMetrics)}", true);

        services.AddApplicationInsightsTelemetryWorkerService(options =>
        {
            options.ConnectionString = connectionString;
            options.EnableAdaptiveSampling = false; // replaced below, with requests and exceptions excluded
            options.EnableQuickPulseMetricStream = liveMetrics;
            options.EnableDependencyTrackingTelemetryModule = true;
        });

        // Function-invocation correlation (operation id and InvocationId on every item), logs sent from the
        // worker instead of through the host, and APPLICATIONINSIGHTS_AUTHENTICATION_STRING: the package
        // calls TelemetryConfiguration.SetAzureTokenCredential with a ManagedIdentityCredential for the
        // client id in it (tested in TelemetrySetupTests).
        services.ConfigureFunctionsApplicationInsights();

        services.AddOptions<TelemetryConfiguration>().Configure<IOptions<FestaTelemetryOptions>>((telemetry, options) =>
        {
            var chain = telemetry.DefaultTelemetrySink.TelemetryProcessorChainBuilder;
            chain.UseAdaptiveSampling(options.Value.MaxSampledItemsPerSecond, excludedTypes: UnsampledTypes);
            chain.Build();
        });

        services.AddHostedService<ApplicationInsightsMetricForwarder>();
        return services;
    }

    private static void ApplyDefaultLogLevels(LoggerFilterOptions options, IConfiguration configuration)
    {
        // The Application Insights SDK adds a Warning floor for its own provider; the levels below decide instead.
        if (options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsLoggerProvider) is { } floor)
        {
            options.Rules.Remove(floor);
        }

        foreach (var (category, level) in DefaultLogLevels)
        {
            if (configuration[$"Logging:LogLevel:{category}"] is null)
            {
                options.Rules.Add(new LoggerFilterRule(null, category == "Default" ? null : category, level, null));
            }
        }
    }
}
