namespace Mcptt.Client.Core;

public enum CallState
{
    Idle,
    Calling,
    Ringing,
    Connected,
    Terminating,
}
