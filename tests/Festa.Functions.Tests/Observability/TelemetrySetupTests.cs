using System.Collections.Concurrent;
using System.Reflection;
using Azure.Identity;
using Festa.Core;
using Festa.Core.Events;
using Festa.Core.Telemetry;
using Festa.Functions.Composition;
using Festa.Functions.Observability;
using Festa.TestSupport;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Festa.Functions.Tests.Observability;

/// <summary>The worker's telemetry set up as Program.cs does it: off locally, keyless Application Insights in Azure.</summary>
public sealed class TelemetrySetupTests
{
    private const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

    private const string ClientId = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public async Task Without_a_connection_string_the_app_builds_and_runs_with_no_Application_Insights()
    {
        using var host = BuildApp(new() { [TelemetryServiceCollectionExtensions.ConnectionStringKey] = "" });

        Assert.Null(host.Services.GetService<TelemetryClient>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is ApplicationInsightsMetricForwarder);
        await host.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(TestContext.Current.CancellationToken);
        host.Services.GetRequiredService<FestaMetrics>().SignUp(SignUpOutcome.SignedUp);
        Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Festa.Core.Events").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void By_default_the_worker_logs_Festa_from_Information_and_everything_else_from_Warning()
    {
        using var host = BuildApp(new() { [TelemetryServiceCollectionExtensions.ConnectionStringKey] = ConnectionString });
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("Festa.Core.Auth.Login.LoginHandler").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Festa.Core.Auth.Login.LoginHandler").IsEnabled(LogLevel.Debug));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Azure.Core").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Azure.Core").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void App_settings_override_the_default_log_levels()
    {
        using var host = BuildApp(new()
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringKey] = ConnectionString,
            ["Logging:LogLevel:Festa"] = "Debug",
            ["Logging:LogLevel:Default"] = "Error",
        });
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("Festa.Core.Auth.Login.LoginHandler").IsEnabled(LogLevel.Debug));
        Assert.False(loggers.CreateLogger("Azure.Core").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void With_the_authentication_string_ingestion_uses_the_managed_identity()
    {
        using var host = BuildApp(new()
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringKey] = ConnectionString,
            [TelemetryServiceCollectionExtensions.AuthenticationStringKey] = $"ClientId={ClientId};Authorization=AAD",
        });

        var configuration = host.Services.GetRequiredService<IOptions<TelemetryConfiguration>>().Value;

        Assert.Equal("00000000-0000-0000-0000-000000000001", configuration.InstrumentationKey);
        Assert.IsType<ManagedIdentityCredential>(CredentialOf(configuration));
    }

    [Fact]
    public void Worker_telemetry_is_sampled_adaptively_but_never_requests_or_exceptions()
    {
        using var host = BuildApp(new()
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringKey] = ConnectionString,
            [$"{FestaTelemetryOptions.Section}:MaxSampledItemsPerSecond"] = "7",
        });

        var configuration = host.Services.GetRequiredService<IOptions<TelemetryConfiguration>>().Value;

        var sampling = Assert.Single(configuration.DefaultTelemetrySink.TelemetryProcessors.OfType<AdaptiveSamplingTelemetryProcessor>());
        Assert.Equal("Request;Exception", sampling.ExcludedTypes);
        Assert.Equal(7, sampling.MaxTelemetryItemsPerSecond);
    }

    [Fact]
    public async Task Store_calls_become_dependencies_with_durations_and_counters_become_custom_metrics()
    {
        var channel = new CapturingChannel();
        using var host = BuildApp(new() { [TelemetryServiceCollectionExtensions.ConnectionStringKey] = ConnectionString },
            services => services.AddSingleton<ITelemetryChannel>(channel));
        var cancellationToken = TestContext.Current.CancellationToken;
        var forwarder = host.Services.GetServices<IHostedService>().OfType<ApplicationInsightsMetricForwarder>().Single();
        await forwarder.StartAsync(cancellationToken);
        var client = host.Services.GetRequiredService<TelemetryClient>();

        await host.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken);
        var metrics = host.Services.GetRequiredService<FestaMetrics>();
        metrics.SignUp(SignUpOutcome.Full);
        metrics.SignUp(SignUpOutcome.Full);
        metrics.SignUp(SignUpOutcome.SignedUp);
        await forwarder.StopAsync(cancellationToken); // flushes
        client.Flush();

        // The Azure SDK's logical operation, and under it the HTTP request it made (with status and URL).
        var dependencies = channel.Items.OfType<DependencyTelemetry>().ToList();
        Assert.Contains(dependencies, d => d.Type == "InProc | Microsoft.Tables" && d.Name == "TableClient.CreateIfNotExists"
            && d.Duration > TimeSpan.Zero && d.Success == true);
        Assert.Contains(dependencies, d => d.Type == "Http" && d.Name.EndsWith("/Tables", StringComparison.Ordinal)
            && d.Target.StartsWith("127.0.0.1", StringComparison.Ordinal) && d.ResultCode == "204" && d.Duration > TimeSpan.Zero);
        var full = Assert.Single(channel.Items.OfType<MetricTelemetry>(), m => m.Name == FestaMetrics.SignUps && m.Properties[FestaMetrics.OutcomeTag] == "full");
        Assert.Equal(2, full.Sum);
    }

    /// <summary>The Functions app as Program.cs builds it, without running it.</summary>
    private static IHost BuildApp(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(TestSettings.ForTables(TestStorage.NewTablePrefix())
            .With("Functions:Worker:HostEndpoint", "http://127.0.0.1:9") // never contacted: the app is built, not run
            .With(TelemetryServiceCollectionExtensions.AuthenticationStringKey, "")
            .With($"{FestaTelemetryOptions.Section}:LiveMetrics", "false"));
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder.Services);
        builder.Services.AddFesta(builder.Configuration);
        builder.Services.AddFestaTelemetry(builder.Configuration);
        return builder.Build();
    }

    /// <summary>The credential Application Insights will ask for ingestion tokens (internal to the SDK).</summary>
    private static object? CredentialOf(TelemetryConfiguration configuration)
    {
        var envelope = typeof(TelemetryConfiguration).GetProperty("CredentialEnvelope", BindingFlags.Instance | BindingFlags.NonPublic)!
            .GetValue(configuration);
        return envelope?.GetType().GetProperty("Credential", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!
            .GetValue(envelope);
    }

    private sealed class CapturingChannel : ITelemetryChannel
    {
        private readonly ConcurrentQueue<ITelemetry> _items = new();

        public IReadOnlyList<ITelemetry> Items => [.. _items];

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = "";

        public void Send(ITelemetry item) => _items.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
