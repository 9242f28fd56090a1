namespace Mcptt.Signaling.Calls;

/// <summary>Label values of mcptt_calls_total{result} (outcome of the caller's INVITE).</summary>
internal static class CallResults
{
    public const string Answered = "answered";
    public const string NotFound = "not_found";
    public const string Unavailable = "unavailable";
    public const string Busy = "busy";
    public const string Declined = "declined";
    public const string NoAnswer = "no_answer";
    public const string Cancelled = "cancelled";
    public const string NotAcceptable = "not_acceptable";
    public const string Forbidden = "forbidden";
    public const string Failed = "failed";

    public static readonly string[] All = { Answered, NotFound, Unavailable, Busy, Declined, NoAnswer, Cancelled, NotAcceptable, Forbidden, Failed };

    public static string ForStatus(int status) => status switch
    {
        >= 200 and < 300 => Answered,
        404 or 604 => NotFound,
        480 => Unavailable,
        486 or 600 => Busy,
        603 => Declined,
        408 => NoAnswer,
        487 => Cancelled,
        488 or 606 => NotAcceptable,
        401 or 403 or 407 => Forbidden,
        _ => Failed,
    };
}

/// <summary>Label values of mcptt_calls_ended_total{reason} (why an answered call ended).</summary>
internal static class CallEndReasons
{
    public const string ByeFromCaller = "bye_caller";
    public const string ByeFromCallee = "bye_callee";
    public const string MediaTimeout = "media_timeout";
    public const string AckTimeout = "ack_timeout";
    public const string Shutdown = "shutdown";

    public static readonly string[] All = { ByeFromCaller, ByeFromCallee, MediaTimeout, AckTimeout, Shutdown };
}
