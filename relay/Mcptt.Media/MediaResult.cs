namespace Mcptt.Media;

/// <summary>Why a per-frame operation did not produce output. Hot-path methods return these as values: no exceptions.</summary>
public enum MediaError
{
    None = 0,
    /// <summary>The destination span cannot hold the result.</summary>
    OutputTooSmall,
    /// <summary>The input is not a whole number of frames (or samples) of the expected size.</summary>
    BadFrameSize,
    /// <summary>The payload is malformed or the codec library rejected it.</summary>
    InvalidPayload,
    /// <summary>The operation does not apply to this codec (e.g. concealment for a codec without its own PLC).</summary>
    NotSupported,
    /// <summary>The codec library reported an internal error.</summary>
    CodecFailure,
}

/// <summary>Outcome of a per-frame operation: an error, or the number of samples/bytes written.</summary>
public readonly record struct MediaResult(MediaError Error, int Count)
{
    public bool Ok => Error == MediaError.None;

    public static MediaResult Written(int count) => new(MediaError.None, count);

    public static MediaResult Fail(MediaError error) => new(error, 0);
}
