using System.Text;
using Festa.Core.Events.Posters;

namespace Festa.Core.Tests.Events;

public sealed class PosterFormatTests
{
    public static TheoryData<byte[], string> Images => new()
    {
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "image/png" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46], "image/jpeg" },
        { [0xFF, 0xD8, 0xFF], "image/jpeg" },
        { [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBP"u8, .. "VP8 "u8], "image/webp" },
        { [.. "RIFF"u8, 0x00, 0x00, 0x00, 0x00, .. "WEBP"u8], "image/webp" },
    };

    public static TheoryData<byte[]> NotImages => new()
    {
        Array.Empty<byte>(),
        Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"),
        Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        Encoding.UTF8.GetBytes("image/png"),
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A }, // a PNG signature cut short
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0B },
        new byte[] { 0xFF, 0xD8 },
        new byte[] { 0xFF, 0xD9, 0xFF, 0xE0 },
        Encoding.ASCII.GetBytes("RIFF\x24\0\0\0WAVEfmt "), // a WAV file is RIFF too
        Encoding.ASCII.GetBytes("RIFF\x24\0\0\0WEB"), // too short for the form type
        new byte[] { 0x42, 0x4D, 0x3E, 0x00 }, // BMP
        new byte[] { 0x00, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, // the signature, but not at the start
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Png_jpeg_and_webp_are_recognised_by_their_leading_bytes(byte[] content, string expected) =>
        Assert.Equal(expected, PosterFormat.Detect(content));

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Anything_else_is_not_a_poster(byte[] content) => Assert.Null(PosterFormat.Detect(content));
}
