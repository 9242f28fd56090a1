namespace Mcptt.Signaling.Sdp;

/// <summary>
/// Bounds applied before any SDP is parsed. SDP comes from untrusted peers; these keep a hostile
/// body from costing more than a few kilobytes of work. Real MCPTT offers are well under 2 KB.
/// </summary>
public static class SdpLimits
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxLines = 256;
    public const int MaxLineLength = 1024;
    public const int MaxMediaSections = 16;
    public const int MaxFormatsPerMedia = 64;
}
