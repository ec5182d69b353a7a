namespace Festa.Core.Auth.Sessions;

/// <summary>
/// The store key of a session: the SHA-256 of its token, in lower-case hex. The token itself is never
/// stored, so reading the store does not let anyone act as a member.
/// </summary>
public readonly record struct SessionId(string Value)
{
    /// <summary>A short, stable handle for showing a session in a list; not usable to authenticate.</summary>
    public string Handle => Value[..16];

    public override string ToString() => Value;
}
