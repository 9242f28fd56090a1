namespace Mcptt.Signaling.Sdp;

/// <summary>RFC 3264 §5.1 direction attributes; absent means sendrecv.</summary>
public enum MediaDirection : byte
{
    SendRecv = 0,
    SendOnly = 1,
    RecvOnly = 2,
    Inactive = 3,
}

public static class MediaDirectionNames
{
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParse(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = MediaDirection.SendRecv; return false;
        }
    }
}
