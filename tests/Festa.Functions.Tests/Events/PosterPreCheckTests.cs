using Festa.Core.Events.Posters;
using Festa.Core.Members;
using Festa.TestSupport;
using Festa.TestSupport.Http;

namespace Festa.Functions.Tests.Events;

/// <summary>
/// Poster uploads are refused before the body is read: wrong caller, unknown event, a Content-Length over 5 MB or
/// none at all (unless chunked). Each test counts the bytes the function consumed from the request body.
/// </summary>
public sealed class PosterPreCheckTests(TableStoreFixture store) : IClassFixture<TableStoreFixture>
{
    private FestaClient Api => store.Instance.Client;

    [Fact]
    public async Task Someone_elses_event_or_an_unknown_one_is_refused_without_reading_the_body()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, otherHost) = await store.Instance.SignedInMemberAsync(Role.Host);
        var (_, member) = await store.Instance.SignedInMemberAsync();
        var eventId = await Api.CreateEventAsync(host);

        foreach (var (path, token, status) in new[]
                 {
                     ($"/api/events/{eventId}/poster", member, 403),
                     ($"/api/events/{eventId}/poster", otherHost, 403),
                     ($"/api/events/{Guid.NewGuid():N}/poster", host, 404),
                     ("/api/events/not-an-id/poster", host, 404),
                 })
        {
            var body = new CountingStream(PosterErrors.MaxBytes);
            var response = await PutAsync(path, token, body, PosterErrors.MaxBytes);
            Assert.Equal(status, response.Status);
            Assert.Equal(0, body.BytesRead);
        }
    }

    [Fact]
    public async Task A_declared_length_over_5_MB_is_413_and_a_missing_one_is_411_without_reading_the_body()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var eventId = await Api.CreateEventAsync(host);

        var oversized = new CountingStream(1024);
        var tooLarge = await PutAsync($"/api/events/{eventId}/poster", host, oversized, PosterErrors.MaxBytes + 1);
        Assert.Equal(413, tooLarge.Status);
        Assert.Equal("poster-too-large", tooLarge.ProblemCode);
        Assert.Equal(0, oversized.BytesRead);

        var unframed = new CountingStream(1024);
        var noLength = await PutAsync($"/api/events/{eventId}/poster", host, unframed, contentLength: null);
        Assert.Equal(411, noLength.Status);
        Assert.Equal("length-required", noLength.ProblemCode);
        Assert.Equal(0, unframed.BytesRead);
    }

    [Fact]
    public async Task A_chunked_body_is_read_only_to_one_byte_past_the_limit_and_a_lying_length_only_as_far_as_it_goes()
    {
        var (_, host) = await store.Instance.SignedInMemberAsync(Role.Host);
        var eventId = await Api.CreateEventAsync(host);

        var endless = new CountingStream(PosterErrors.MaxBytes * 3L);
        var chunked = await PutAsync($"/api/events/{eventId}/poster", host, endless, contentLength: null, chunked: true);
        Assert.Equal(413, chunked.Status);
        Assert.InRange(endless.BytesRead, PosterErrors.MaxBytes + 1, PosterErrors.MaxBytes + 1);

        // Declares 5 MB, sends 100 bytes of garbage: 415 after reading just those.
        var tiny = new CountingStream(100);
        var lying = await PutAsync($"/api/events/{eventId}/poster", host, tiny, PosterErrors.MaxBytes);
        Assert.Equal(415, lying.Status);
        Assert.Equal(100, tiny.BytesRead);
    }

    private Task<TestResponse> PutAsync(string path, string token, Stream body, long? contentLength, bool chunked = false)
    {
        var headers = new Dictionary<string, string>();
        if (contentLength is { } length)
        {
            headers["Content-Length"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (chunked)
        {
            headers["Transfer-Encoding"] = "chunked";
        }

        return Api.SendAsync("PUT", path, contentType: "image/png", token: token, headers: headers, bodyStream: body);
    }

    /// <summary>A body of <c>length</c> zero bytes, produced on demand, that counts how many were read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - BytesRead);
            buffer[..n].Clear();
            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
