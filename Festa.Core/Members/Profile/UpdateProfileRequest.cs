using Festa.Core.Common;

namespace Festa.Core.Members.Profile;

/// <summary>A JSON merge patch of the profile: absent fields stay, null clears optional ones.</summary>
public sealed record UpdateProfileRequest(
    Optional<string> Name,
    Optional<string> Email,
    Optional<string> Phone,
    Optional<RegionInput> Region);
