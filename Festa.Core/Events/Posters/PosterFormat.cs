namespace Festa.Core.Events.Posters;

/// <summary>
/// The image formats a poster may have, recognised by their leading bytes ("magic numbers") only: the
/// content type a client declares is never trusted.
/// </summary>
public static class PosterFormat
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string WebP = "image/webp";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Riff => "RIFF"u8;

    private static ReadOnlySpan<byte> WebPTag => "WEBP"u8;

    /// <summary>The media type of the image these bytes start, or null when they are none of PNG, JPEG and WebP.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PngSignature))
        {
            return Png;
        }

        if (content.StartsWith(JpegSignature))
        {
            return Jpeg;
        }

        // RIFF container: "RIFF", a 4-byte little-endian size, then the form type "WEBP".
        return content.Length >= 12 && content.StartsWith(Riff) && content.Slice(8, 4).SequenceEqual(WebPTag) ? WebP : null;
    }
}
