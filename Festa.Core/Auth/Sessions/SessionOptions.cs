using System.ComponentModel.DataAnnotations;

namespace Festa.Core.Auth.Sessions;

/// <summary>Configuration section <c>Festa:Sessions</c>.</summary>
public sealed class SessionOptions : IValidatableObject
{
    public const string Section = "Festa:Sessions";

    /// <summary>A session unused for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after login, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The idle expiry is pushed forward at most this often, so an active session costs one store
    /// write per interval rather than one per request. The effective idle timeout is therefore
    /// between <c>IdleTimeout - RefreshInterval</c> and <c>IdleTimeout</c>.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most sessions one member may have; a login beyond it revokes the member's oldest sessions
    /// (<see cref="SessionCap"/>). Bounds what a member (or a script with their password) can pile up in the store.
    /// </summary>
    public int MaxPerMember { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("IdleTimeout must be at least one minute.", [nameof(IdleTimeout)]);
        }

        if (AbsoluteTimeout < IdleTimeout || AbsoluteTimeout > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult("AbsoluteTimeout must be between IdleTimeout and 30 days.", [nameof(AbsoluteTimeout)]);
        }

        if (RefreshInterval <= TimeSpan.Zero || RefreshInterval >= IdleTimeout)
        {
            yield return new ValidationResult("RefreshInterval must be positive and shorter than IdleTimeout.", [nameof(RefreshInterval)]);
        }

        if (MaxPerMember is < 1 or > 1000)
        {
            yield return new ValidationResult("MaxPerMember must be between 1 and 1000.", [nameof(MaxPerMember)]);
        }
    }
}
