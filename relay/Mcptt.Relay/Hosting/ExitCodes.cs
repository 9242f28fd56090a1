namespace Mcptt.Relay.Hosting;

/// <summary>Process exit codes; scripts and service managers branch on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Unexpected failure (a bug or an environment problem not covered below); details are logged.</summary>
    public const int Failure = 1;
    /// <summary>A setting is invalid; nothing was bound.</summary>
    public const int InvalidConfiguration = 2;
    /// <summary>A configured listening address:port is already taken by another process.</summary>
    public const int PortInUse = 3;
}
