namespace Mcptt.Signaling.Registrar;

/// <summary>Label values of mcptt_register_total{result}.</summary>
internal static class RegisterResult
{
    public const string Ok = "ok";
    public const string Challenged = "challenged";
    public const string AuthFailed = "auth_failed";
    public const string Forbidden = "forbidden";
    public const string BadRequest = "bad_request";
    public const string NotFound = "not_found";
    public const string IntervalTooBrief = "interval_too_brief";
    public const string OutOfOrder = "out_of_order";
    public const string Full = "full";

    public static readonly string[] All = { Ok, Challenged, AuthFailed, Forbidden, BadRequest, NotFound, IntervalTooBrief, OutOfOrder, Full };
}
