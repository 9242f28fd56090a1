namespace Mcptt.Client.Media;

/// <summary>A WAV file the client cannot use as a microphone; the message names the reason.</summary>
public sealed class WavFormatException(string message) : Exception(message);
