using System.Net;
using Mcptt.Control.Ng.Bencode;

namespace Mcptt.Control.Ng.Protocol;

/// <summary>
/// A decoded ng request with the spelling tolerance rtpengine has: keys and flags may use spaces,
/// dashes or underscores ("call-id", "transport protocol", "trust_address") and any letter case, so
/// lookups go through one normalised form (lower case, dashes).
/// </summary>
public sealed class NgRequest
{
    private readonly Dictionary<string, BNode> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _flags = new();

    public NgRequest(BDictionary document)
    {
        Document = document;
        foreach (var entry in document.Entries)
            _keys.TryAdd(Normalize(entry.Key), entry.Value);

        if (_keys.GetValueOrDefault("flags") is BList flags)
            foreach (var item in flags.Items)
                if (item is BString flag) _flags.Add(Normalize(flag.Text));

        // "replace": ["origin", "session-connection"] and "rtcp-mux": ["demux"] are flag families
        // spelled as lists; folding them in gives one place to validate and look them up.
        AddListAsFlags("replace", "replace-");
        AddListAsFlags("rtcp-mux", "rtcp-mux-");
        AddListAsFlags("sdes", "sdes-");
        AddListAsFlags("osrtp", "osrtp-");
    }

    public BDictionary Document { get; }

    public string? Command => GetString("command")?.Trim().ToLowerInvariant();

    public string? CallId => GetString("call-id");

    public string? FromTag => GetString("from-tag");

    public string? ToTag => GetString("to-tag");

    public string? Sdp => GetString("sdp");

    public IReadOnlyList<string> Flags => _flags;

    public BNode? Get(string key) => _keys.GetValueOrDefault(Normalize(key));

    public string? GetString(string key) => Get(key) is BString s ? s.Text : null;

    public long? GetInteger(string key) => Get(key) switch
    {
        BInteger i => i.Value,
        BString s when long.TryParse(s.Text, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out long v) => v,
        _ => null,
    };

    public bool HasFlag(string flag)
    {
        string wanted = Normalize(flag);
        foreach (string f in _flags)
            if (string.Equals(f, wanted, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// The address a "received-from" key names: <c>["IP4", "192.0.2.1"]</c> (rtpengine docs) or a plain
    /// address string.
    /// </summary>
    public IPAddress? ReceivedFrom
    {
        get
        {
            string? text = Get("received-from") switch
            {
                BList { Items.Count: 2 } list when list.Items[1] is BString address => address.Text,
                BString address => address.Text,
                _ => null,
            };
            return text is not null && IPAddress.TryParse(text, out var ip) ? ip : null;
        }
    }

    public IPAddress? MediaAddress => GetString("media-address") is { } text && IPAddress.TryParse(text, out var ip) ? ip : null;

    public static string Normalize(string key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            buffer[i] = c is ' ' or '_' ? '-' : char.ToLowerInvariant(c);
        }
        return new string(buffer.Trim('-'));
    }

    private void AddListAsFlags(string key, string prefix)
    {
        switch (_keys.GetValueOrDefault(key))
        {
            case BList list:
                foreach (var item in list.Items)
                    if (item is BString value) _flags.Add(prefix + Normalize(value.Text));
                break;
            case BString single:
                _flags.Add(prefix + Normalize(single.Text));
                break;
        }
    }
}
