namespace Mcptt.Control.Ng.Calls;

/// <summary>
/// One participant of a call, named by its SIP tag (rtpengine's "monologue"). The tag is empty while
/// the callee has not answered yet: the offer already needs the callee-facing legs, before the
/// callee's To-tag exists.
/// </summary>
public sealed class NgMonologue(string tag, DateTimeOffset created)
{
    public string Tag { get; set; } = tag;

    public DateTimeOffset Created { get; } = created;

    public string? Label { get; set; }

    /// <summary>The participant this one exchanges media with (null until an offer pairs them).</summary>
    public NgMonologue? Peer { get; set; }

    /// <summary>Media in SDP order; index i pairs with the peer's index i through a shared bridge.</summary>
    public List<NgMedia> Media { get; } = new();
}
