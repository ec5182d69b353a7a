using System.Collections.Concurrent;
using System.Net;
using Festa.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;

namespace Festa.Functions.Tests.Platform;

/// <summary>
/// GET /api/docs in a real headless Chromium (Debian's <c>chromium</c>, driven through PuppeteerSharp over the DevTools
/// protocol; no browser download). The page is served by the real functions behind a loopback HTTP server, with the
/// headers they set, CSP included: it must load without a console error or failed request and list every operation
/// of docs/openapi.json. Where no Chromium is installed the test is skipped and says so (.ci/run installs it in CI).
/// </summary>
public sealed class ApiReferenceBrowserTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    [Fact]
    public async Task The_reference_page_lists_every_operation_of_the_document_without_console_errors()
    {
        var chromium = Environment.GetEnvironmentVariable("FESTA_CHROMIUM") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Assert.Skip("No Chromium here (Debian: apt-get install chromium, or FESTA_CHROMIUM=<path>); .ci/run installs it in CI.");
        }

        await using var server = await FunctionsOverHttp.StartAsync(store.Instance);
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var page = await browser.NewPageAsync();
        var problems = new ConcurrentQueue<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                problems.Enqueue($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => problems.Enqueue($"page error: {e.Message}");
        page.RequestFailed += (_, e) => problems.Enqueue($"request failed: {e.Request.Url} {e.Request.FailureText}");
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                problems.Enqueue($"{(int)e.Response.Status} for {e.Response.Url}");
            }
        };

        var answer = await page.GoToAsync(server.Url + "/api/docs", new NavigationOptions { WaitUntil = [WaitUntilNavigation.Networkidle0], Timeout = 120_000 });
        try
        {
            await page.WaitForSelectorAsync(".opblock .opblock-summary-path", new WaitForSelectorOptions { Timeout = 120_000 });
        }
        catch (WaitTaskTimeoutException e)
        {
            throw new InvalidOperationException($"No operation rendered; the browser saw: {string.Join(" | ", problems)}", e);
        }

        var listed = await page.EvaluateFunctionAsync<string[]>("""
            () => [...document.querySelectorAll('.opblock')].map(block =>
                block.querySelector('.opblock-summary-method').textContent.trim().toUpperCase() + ' ' +
                block.querySelector('.opblock-summary-path').getAttribute('data-path'))
            """);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        // Swagger UI lists an operation once under each of its tags, so compare one entry per (operation, tag).
        var expected = ApiDescription.Repository.Operations
            .SelectMany(o => Enumerable.Repeat(o.Key, Math.Max(1, o.Node.TryGetProperty("tags", out var tags) ? tags.GetArrayLength() : 1)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Empty(problems);
    }

    /// <summary>A loopback HTTP server that hands every request to the functions through the test client.</summary>
    private sealed class FunctionsOverHttp(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public static async Task<FunctionsOverHttp> StartAsync(FestaInstance instance)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Run(async context =>
            {
                var headers = context.Request.Headers.Where(h => h.Key is "If-None-Match" or "Accept")
                    .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                var answer = await instance.Client.SendAsync(context.Request.Method, context.Request.Path + context.Request.QueryString, headers: headers);
                context.Response.StatusCode = answer.Status;
                foreach (var (name, value) in answer.Headers.Where(h => h.Key != "Content-Length"))
                {
                    context.Response.Headers[name] = value;
                }

                await context.Response.Body.WriteAsync(answer.BodyBytes);
            });
            await app.StartAsync();
            return new FunctionsOverHttp(app, app.Urls.Single());
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
