using System.Security.Cryptography;
using System.Text;
using Festa.Core.Events;
using Festa.Core.Events.Posters;
using Festa.Core.Members;
using Festa.Functions.Events;
using Festa.TestSupport;
using Festa.TestSupport.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Festa.Functions.Tests.Events;

/// <summary>Event posters in Blob Storage (Azurite): upload, replace, conditional reads, refusals, deletion with the event.</summary>
public sealed class PosterTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private FestaClient Api => store.Instance.Client;

    public static TheoryData<string, string> Formats => new()
    {
        { "png", "image/png" },
        { "jpeg", "image/jpeg" },
        { "webp", "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_host_uploads_a_poster_and_members_read_back_the_same_bytes(string format, string contentType)
    {
        var (eventId, host, member) = await GivenEventAsync();
        var image = Image(format, 40_000);

        // The declared type is ignored: the bytes decide.
        var uploaded = await PutAsync(eventId, image, host, "application/octet-stream");
        var read = await Api.GetAsync($"/api/events/{eventId}/poster", member);

        Assert.True(uploaded.Status == 204, uploaded.ToString());
        var etag = uploaded.Header("ETag");
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(200, read.Status);
        Assert.Equal(contentType, read.ContentType);
        Assert.Equal(etag, read.Header("ETag"));
        Assert.Equal("private, max-age=300", read.Header("Cache-Control"));
        Assert.Equal("nosniff", read.Header("X-Content-Type-Options"));
        Assert.Equal(image, read.BodyBytes);
    }

    [Fact]
    public async Task Uploading_again_replaces_the_poster_and_its_etag()
    {
        var (eventId, host, member) = await GivenEventAsync();
        var first = await PutAsync(eventId, Image("png", 1_000), host);
        var second = Image("jpeg", 2_000);

        var replaced = await PutAsync(eventId, second, host);
        var read = await Api.GetAsync($"/api/events/{eventId}/poster", member);

        Assert.Equal(204, replaced.Status);
        Assert.NotEqual(first.Header("ETag"), replaced.Header("ETag"));
        Assert.Equal(replaced.Header("ETag"), read.Header("ETag"));
        Assert.Equal("image/jpeg", read.ContentType);
        Assert.Equal(second, read.BodyBytes);
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_gives_304_without_a_body()
    {
        var (eventId, host, member) = await GivenEventAsync();
        var etag = (await PutAsync(eventId, Image("webp", 500), host)).Header("ETag")!;

        var current = await GetAsync(eventId, member, etag);
        var any = await GetAsync(eventId, member, "*");
        var stale = await GetAsync(eventId, member, "\"0x8D000000000000\"");

        Assert.Equal(304, current.Status);
        Assert.Empty(current.BodyBytes);
        Assert.Equal(etag, current.Header("ETag"));
        Assert.Equal(304, any.Status);
        Assert.Equal(200, stale.Status);
        Assert.Equal(500, stale.BodyBytes.Length);
    }

    [Fact]
    public async Task Only_the_host_may_upload_and_only_signed_in_callers_may_read()
    {
        var (eventId, _, member) = await GivenEventAsync();
        var (_, otherHost) = await store.Instance.SignedInMemberAsync(Role.Host);

        var byMember = await PutAsync(eventId, Image("png", 100), member);
        var byOtherHost = await PutAsync(eventId, Image("png", 100), otherHost);
        var anonymousPut = await Api.SendAsync("PUT", $"/api/events/{eventId}/poster", contentType: "image/png", rawBytes: Image("png", 100));
        var anonymousGet = await Api.GetAsync($"/api/events/{eventId}/poster");

        Assert.Equal(403, byMember.Status);
        Assert.Equal("not-event-owner", byMember.ProblemCode);
        Assert.Equal(403, byOtherHost.Status);
        Assert.Equal(401, anonymousPut.Status);
        Assert.Equal(401, anonymousGet.Status);
        Assert.Null(await PosterAsync(eventId));
    }

    public static TheoryData<string, byte[]> NotImages => new()
    {
        { "gif", [.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00] },
        { "text", Encoding.UTF8.GetBytes("definitely a png, trust me") },
        { "svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>") },
        { "wav", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WAVE"u8, .. "fmt "u8] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public async Task Bytes_that_are_not_png_jpeg_or_webp_get_415_whatever_the_declared_type(string name, byte[] content)
    {
        var (eventId, host, _) = await GivenEventAsync();

        var response = await PutAsync(eventId, content, host, "image/png");

        Assert.True(response.Status == 415, $"{name}: {response}");
        Assert.Equal("unsupported-poster-format", response.ProblemCode);
        Assert.Null(await PosterAsync(eventId));
    }

    [Fact]
    public async Task A_poster_over_5_MB_gets_413_and_nothing_is_stored()
    {
        var (eventId, host, member) = await GivenEventAsync();
        var exactly5Mb = Image("png", PosterErrors.MaxBytes);

        var tooLarge = await PutAsync(eventId, Image("png", PosterErrors.MaxBytes + 1), host);
        var tooLargeWithoutLength = await PutWithoutContentLengthAsync(eventId, Image("jpeg", PosterErrors.MaxBytes + 1), host);

        Assert.Equal(413, tooLarge.Status);
        Assert.Equal("poster-too-large", tooLarge.ProblemCode);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooLargeWithoutLength);
        Assert.Null(await PosterAsync(eventId));

        var limit = await PutAsync(eventId, exactly5Mb, host);
        Assert.Equal(204, limit.Status);
        Assert.Equal(exactly5Mb, (await Api.GetAsync($"/api/events/{eventId}/poster", member)).BodyBytes);
    }

    [Fact]
    public async Task Unknown_events_and_events_without_a_poster_answer_404()
    {
        var (eventId, _, member) = await GivenEventAsync();
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var unknown = EventId.New().Value;

        var putUnknown = await PutAsync(unknown, Image("png", 10), host);
        var putMalformed = await PutAsync("not-an-id", Image("png", 10), host);
        var getUnknown = await Api.GetAsync($"/api/events/{unknown}/poster", member);
        var getNone = await Api.GetAsync($"/api/events/{eventId}/poster", member);

        Assert.Equal(404, putUnknown.Status);
        Assert.Equal("event-not-found", putUnknown.ProblemCode);
        Assert.Equal(404, putMalformed.Status);
        Assert.Equal(404, getUnknown.Status);
        Assert.Equal("poster-not-found", getUnknown.ProblemCode);
        Assert.Equal(404, getNone.Status);
        Assert.Equal("poster-not-found", getNone.ProblemCode);
    }

    [Fact]
    public async Task Deleting_the_event_deletes_its_poster()
    {
        var (eventId, host, member) = await GivenEventAsync();
        Assert.Equal(204, (await PutAsync(eventId, Image("png", 1_000), host)).Status);
        Assert.NotNull(await PosterAsync(eventId));

        var deleted = await Api.DeleteAsync($"/api/events/{eventId}", host);

        Assert.Equal(204, deleted.Status);
        Assert.Null(await PosterAsync(eventId));
        Assert.Equal("poster-not-found", (await Api.GetAsync($"/api/events/{eventId}/poster", member)).ProblemCode);
    }

    [Fact]
    public async Task Deleting_an_event_without_a_poster_still_works()
    {
        var (eventId, host, _) = await GivenEventAsync();

        var deleted = await Api.DeleteAsync($"/api/events/{eventId}", host);

        Assert.Equal(204, deleted.Status);
    }

    /// <summary>An image of the given format: its signature, then random bytes up to <paramref name="length"/>.</summary>
    internal static byte[] Image(string format, int length)
    {
        byte[] header = format switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0],
            "webp" => [.. "RIFF"u8, 0x00, 0x00, 0x00, 0x00, .. "WEBP"u8],
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var image = RandomNumberGenerator.GetBytes(Math.Max(length, header.Length));
        header.CopyTo(image, 0);
        return image;
    }

    private async Task<(string EventId, string HostToken, string MemberToken)> GivenEventAsync()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        return (await Api.CreateEventAsync(host), host, member);
    }

    private Task<TestResponse> PutAsync(string eventId, byte[] content, string token, string contentType = "image/png") =>
        Api.SendAsync("PUT", $"/api/events/{eventId}/poster", contentType: contentType, token: token, rawBytes: content);

    private Task<TestResponse> GetAsync(string eventId, string token, string ifNoneMatch) =>
        Api.SendAsync("GET", $"/api/events/{eventId}/poster", token: token, headers: new Dictionary<string, string> { ["If-None-Match"] = ifNoneMatch });

    private async Task<StoredPoster?> PosterAsync(string eventId)
    {
        var poster = await store.Instance.Get<IPosterStore>().GetAsync(EventId.FromTrusted(eventId), TestContext.Current.CancellationToken);
        if (poster is not null)
        {
            await poster.DisposeAsync();
        }

        return poster;
    }

    /// <summary>A chunked upload (no Content-Length): the function must stop reading one byte past the limit.</summary>
    private async Task<int> PutWithoutContentLengthAsync(string eventId, byte[] content, string token)
    {
        var context = new DefaultHttpContext { RequestServices = store.Instance.Services };
        context.Request.Method = "PUT";
        context.Request.Path = $"/api/events/{eventId}/poster";
        context.Request.ContentType = "image/jpeg";
        context.Request.Headers.Authorization = "Bearer " + token;
        context.Request.Headers.TransferEncoding = "chunked";
        var body = new CountingStream(content);
        context.Request.Body = body;
        context.Response.Body = new MemoryStream();
        var function = ActivatorUtilities.CreateInstance<UploadPosterFunction>(store.Instance.Services);

        var result = await function.RunAsync(context.Request, eventId, TestContext.Current.CancellationToken);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Null(context.Request.ContentLength);
        Assert.True(body.Position <= PosterErrors.MaxBytes + 1, $"read {body.Position} bytes");
        return context.Response.StatusCode;
    }

    private sealed class CountingStream(byte[] content) : MemoryStream(content, writable: false);
}
