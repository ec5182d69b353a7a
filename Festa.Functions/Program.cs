using Festa.Core.Members.Passwords;
using Festa.Functions.Composition;
using Festa.Functions.Middleware;
using Festa.Functions.Observability;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// One HTTP pipeline for every HTTP trigger (Festa.Functions.Http.Pipeline.HttpPipeline); other triggers skip it.
builder.UseWhen<HttpPipelineMiddleware>(HttpPipelineMiddleware.IsHttpTrigger);
builder.Services.AddFesta(builder.Configuration);

// Hashing is bounded per instance; keep threads ready beyond it (see ThreadPoolMinimums).
var hashing = builder.Configuration.GetSection(PasswordHashingOptions.Section).Get<PasswordHashingOptions>() ?? new PasswordHashingOptions();
ThreadPoolMinimums.Raise(hashing.EffectiveMaxConcurrency);
builder.Services.AddFestaTelemetry(builder.Configuration);
builder.Services.AddHostedService<StoreInitializationService>();
builder.Services.AddHostedService<Festa.Functions.Auth.PasswordListWarmUp>();
builder.Build().Run();
