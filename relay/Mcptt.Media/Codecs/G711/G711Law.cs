namespace Mcptt.Media.Codecs.G711;

/// <summary>The two G.711 companding laws.</summary>
public enum G711Law
{
    /// <summary>µ-law, RTP payload type 0 (PCMU).</summary>
    MuLaw,
    /// <summary>A-law, RTP payload type 8 (PCMA).</summary>
    ALaw,
}
