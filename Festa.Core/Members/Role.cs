namespace Festa.Core.Members;

/// <summary>Hosts publish events; members sign up for them. Hosts may sign up too.</summary>
public enum Role
{
    Member,
    Host,
}

public static class Roles
{
    public static bool TryParse(string? value, out Role role)
    {
        switch (value)
        {
            case "member":
                role = Role.Member;
                return true;
            case "host":
                role = Role.Host;
                return true;
            default:
                role = default;
                return false;
        }
    }

    public static string ToWire(this Role role) => role == Role.Host ? "host" : "member";
}
