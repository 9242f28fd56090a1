namespace Mcptt.Client.Scripting;

/// <summary>What a script step does.</summary>
public enum ScriptCommand
{
    /// <summary><c>register</c>: (re-)register now and wait for the outcome.</summary>
    Register,

    /// <summary><c>unregister</c>: remove the binding (Expires: 0).</summary>
    Unregister,

    /// <summary><c>call &lt;uri&gt;</c>: send an INVITE (does not wait for the answer).</summary>
    Call,

    /// <summary><c>answer</c>: accept the ringing incoming call (when not started with --answer).</summary>
    Answer,

    /// <summary><c>request [priority]</c>: send a Floor Request.</summary>
    Request,

    /// <summary><c>release</c>: stop talking and send a Floor Release.</summary>
    Release,

    /// <summary><c>queue</c>: send a Floor Queue Position Request.</summary>
    QueuePosition,

    /// <summary><c>talk &lt;duration&gt; [force]</c>: stream the microphone for the duration (needs the floor unless forced).</summary>
    Talk,

    /// <summary><c>hangup</c>: send BYE (or CANCEL) and wait for the answer.</summary>
    Hangup,

    /// <summary><c>sleep &lt;duration&gt;</c>: pause.</summary>
    Sleep,

    /// <summary><c>wait &lt;event&gt; [argument] [timeout]</c> (also <c>wait-registered</c> etc.).</summary>
    Wait,

    /// <summary><c>expect-rtp &lt;min packets&gt;</c>: fail unless at least that many RTP packets were received.</summary>
    ExpectRtp,

    /// <summary><c>echo &lt;text&gt;</c>: print a line (marks places in logs).</summary>
    Echo,
}

/// <summary>Events a <c>wait</c> step can wait for.</summary>
public enum WaitEvent
{
    Registered,
    Incoming,
    Connected,
    Terminated,
    Granted,
    Taken,
    Deny,
    Idle,
    Revoke,
    QueueInfo,
    Rtp,
}

/// <summary>One parsed step; <see cref="Text"/> is its source, used to name a failed step.</summary>
public sealed record ScriptStep(int Index, string Text, ScriptCommand Command)
{
    public string? Argument { get; init; }

    public int? Number { get; init; }

    public TimeSpan Duration { get; init; }

    public WaitEvent Event { get; init; }

    public override string ToString() => $"step {Index} '{Text}'";
}
