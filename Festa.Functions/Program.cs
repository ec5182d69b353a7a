using Festa.Functions.Composition;
using Festa.Functions.Middleware;
using Festa.Functions.Observability;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ExceptionProblemMiddleware>();
builder.Services.AddFesta(builder.Configuration);
builder.Services.AddFestaTelemetry(builder.Configuration);
builder.Services.AddHostedService<StoreInitializationService>();
builder.Build().Run();
