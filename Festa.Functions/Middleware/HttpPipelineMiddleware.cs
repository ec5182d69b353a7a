using Festa.Functions.Http.Pipeline;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Festa.Functions.Middleware;

/// <summary>
/// Runs <see cref="HttpPipeline"/> for HTTP triggers (registered with <c>UseWhen</c>, see Program.cs). The ASP.NET
/// Core integration's own middleware, outside this one, put the HttpContext on the FunctionContext and executes
/// whatever <see cref="IActionResult"/> ends up as the invocation result.
/// </summary>
public sealed class HttpPipelineMiddleware(HttpPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public static bool IsHttpTrigger(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b => b.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var result = await pipeline.RunAsync(http, context.FunctionDefinition.Name, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value as IActionResult;
        });

        if (result is not null)
        {
            context.GetInvocationResult().Value = result;
        }
    }
}
