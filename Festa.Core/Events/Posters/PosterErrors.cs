using Festa.Core.Common;

namespace Festa.Core.Events.Posters;

public static class PosterErrors
{
    /// <summary>The largest poster accepted: 5 MB.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public static Error NotFound { get; } = new(ErrorKind.NotFound, "poster-not-found", "This event has no poster.");

    public static Error TooLarge { get; } =
        new(ErrorKind.PayloadTooLarge, "poster-too-large", "The poster is too large.", "A poster may have at most 5 MB (5,242,880 bytes).");

    public static Error UnsupportedFormat { get; } =
        new(ErrorKind.UnsupportedMediaType, "unsupported-poster-format", "The poster must be a PNG, JPEG or WebP image.",
            "The image format is recognised by the file's leading bytes, not by the declared content type.");
}
