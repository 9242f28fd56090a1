namespace Mcptt.Media.Codecs;

/// <summary>
/// A codec could not be created: unknown encoding, unsupported clock rate or channels, bad fmtp, or a codec
/// library missing. Thrown only at creation (call setup), never per frame; the message names what was wrong.
/// </summary>
public sealed class CodecUnavailableException(string message) : Exception(message);
