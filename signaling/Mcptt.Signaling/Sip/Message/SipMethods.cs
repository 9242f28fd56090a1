namespace Mcptt.Signaling.Sip;

/// <summary>Method names (case-sensitive per RFC 3261 §7.1).</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Register = "REGISTER";
    public const string Options = "OPTIONS";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";
    public const string Message = "MESSAGE";
    public const string Refer = "REFER";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Publish = "PUBLISH";

    /// <summary>Every method defined by an RFC we know of; anything else is "unknown" (501).</summary>
    public static bool IsStandard(string method) => method is Invite or Ack or Bye or Cancel or Register or Options
        or Info or Update or Prack or Message or Refer or Subscribe or Notify or Publish;
}
