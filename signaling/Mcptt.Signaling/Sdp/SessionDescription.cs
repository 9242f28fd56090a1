namespace Mcptt.Signaling.Sdp;

/// <summary>
/// An RFC 4566 session description. Lines the relay never interprets (i, u, e, p, b, t, r, z, k and
/// unknown attributes) are kept as text so a parse/serialize round trip is lossless for valid input.
/// Build one with <see cref="SdpParser.Parse(string)"/>; print it with <see cref="ToString"/>.
/// </summary>
public sealed class SessionDescription
{
    public SdpOrigin Origin { get; set; } = new("-", "0", "0", "IN", "IP4", "0.0.0.0");
    public string SessionName { get; set; } = "-";
    public string? Information { get; set; }
    public string? Uri { get; set; }
    public List<string> Emails { get; } = new();
    public List<string> Phones { get; } = new();
    public SdpConnection? Connection { get; set; }
    public List<string> Bandwidths { get; } = new();
    /// <summary>t= and r= lines in order, as (type letter, value).</summary>
    public List<(char Type, string Value)> Timing { get; } = new();
    public string? TimeZones { get; set; }
    public string? Key { get; set; }
    public List<SdpAttribute> Attributes { get; } = new();
    public List<SdpMedia> Media { get; } = new();

    /// <summary>Session-level direction (applies to media that carry none of their own).</summary>
    public MediaDirection Direction => SdpAttributes.GetDirection(Attributes);

    public SessionDescription Clone()
    {
        var copy = new SessionDescription
        {
            Origin = Origin, SessionName = SessionName, Information = Information, Uri = Uri,
            Connection = Connection, TimeZones = TimeZones, Key = Key,
        };
        copy.Emails.AddRange(Emails);
        copy.Phones.AddRange(Phones);
        copy.Bandwidths.AddRange(Bandwidths);
        copy.Timing.AddRange(Timing);
        copy.Attributes.AddRange(Attributes);
        foreach (var media in Media) copy.Media.Add(media.Clone());
        return copy;
    }

    public override string ToString() => SdpWriter.Write(this);
}
