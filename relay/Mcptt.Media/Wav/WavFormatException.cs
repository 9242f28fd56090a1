namespace Mcptt.Media.Wav;

/// <summary>A WAV file this library cannot use; the message says what was found and what is supported.</summary>
public sealed class WavFormatException(string message) : Exception(message)
{
    public const string Supported = "PCM 16-bit mono at 8000, 16000 or 48000 Hz";
}
