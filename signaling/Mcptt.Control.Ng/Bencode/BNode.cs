using System.Text;

namespace Mcptt.Control.Ng.Bencode;

/// <summary>
/// A decoded bencode value. The ng protocol is control plane (a few messages a second), so a small
/// allocated tree is the clearest model; the bounds live in <see cref="BencodeReader"/>.
/// </summary>
public abstract class BNode
{
    private protected BNode() { }
}

public sealed class BInteger(long value) : BNode
{
    public long Value { get; } = value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A byte string. ng strings are UTF-8 in practice (SDP is ASCII), but bencode allows any bytes.</summary>
public sealed class BString : BNode
{
    public BString(byte[] bytes) => Bytes = bytes;

    public BString(string text) => Bytes = Encoding.UTF8.GetBytes(text);

    public byte[] Bytes { get; }

    public string Text => Encoding.UTF8.GetString(Bytes);

    public override string ToString() => Text;
}

public sealed class BList : BNode
{
    public List<BNode> Items { get; } = new();

    public BList Add(BNode item)
    {
        Items.Add(item);
        return this;
    }

    public BList Add(string text) => Add(new BString(text));
}

/// <summary>
/// A dictionary that keeps insertion order for writing. Lookups are linear: ng dictionaries hold a
/// handful of keys, and keeping the order makes replies deterministic and easy to read in captures.
/// Bencode wants sorted keys; rtpengine does not require it and neither does this reader.
/// </summary>
public sealed class BDictionary : BNode
{
    public List<KeyValuePair<string, BNode>> Entries { get; } = new();

    public int Count => Entries.Count;

    public BNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
                if (string.Equals(entry.Key, key, StringComparison.Ordinal)) return entry.Value;
            return null;
        }
        set
        {
            for (int i = 0; i < Entries.Count; i++)
            {
                if (!string.Equals(Entries[i].Key, key, StringComparison.Ordinal)) continue;
                if (value is null) Entries.RemoveAt(i);
                else Entries[i] = new(key, value);
                return;
            }
            if (value is not null) Entries.Add(new(key, value));
        }
    }

    public BDictionary Set(string key, BNode value)
    {
        this[key] = value;
        return this;
    }

    public BDictionary Set(string key, string value) => Set(key, new BString(value));

    public BDictionary Set(string key, long value) => Set(key, new BInteger(value));

    public string? GetString(string key) => this[key] is BString s ? s.Text : null;

    public long? GetInteger(string key) => this[key] switch
    {
        BInteger i => i.Value,
        // Some clients send numbers as strings; accept both rather than fail the command.
        BString s when long.TryParse(s.Text, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out long v) => v,
        _ => null,
    };
}
