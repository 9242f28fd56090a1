namespace Mcptt.Media.Codecs.G711;

/// <summary>The two G.711 companding laws.</summary>
public enum G711Law
{
    /// <summary>µ-law, RTP payload type 0 (PCMU).</summary>
    MuLaw,
    /// <summary>A-law, RTP payload type 8 (PCMA).</summary>
    ALaw,
}

/// <summary>Which implementation a G.711 call uses; <see cref="Auto"/> takes the widest the CPU accelerates.</summary>
public enum SimdWidth
{
    Auto,
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}
