using System.Collections;

namespace Mcptt.Signaling.Sip;

/// <summary>
/// Header fields in their original order with raw values. Lookup is case-insensitive and maps compact
/// forms, so Get("Via") also finds "v:" lines.
/// </summary>
public sealed class SipHeaderCollection : IEnumerable<SipHeader>
{
    private readonly List<SipHeader> _headers = new();

    public int Count => _headers.Count;

    public SipHeader this[int index] => _headers[index];

    public void Add(string name, string value) => _headers.Add(new SipHeader(name, value));

    public void Add(SipHeader header) => _headers.Add(header);

    /// <summary>Inserts before every other header (e.g. a new top Via).</summary>
    public void AddFirst(string name, string value) => _headers.Insert(0, new SipHeader(name, value));

    /// <summary>Inserts before the first header of the same name, or appends when none exists.</summary>
    public void AddTop(string name, string value)
    {
        int i = IndexOf(name);
        if (i < 0) Add(name, value);
        else _headers.Insert(i, new SipHeader(name, value));
    }

    /// <summary>Replaces all headers of that name with one, keeping the position of the first.</summary>
    public void Set(string name, string value)
    {
        int i = IndexOf(name);
        Remove(name);
        if (i < 0 || i > _headers.Count) Add(name, value);
        else _headers.Insert(i, new SipHeader(name, value));
    }

    public int Remove(string name)
    {
        string canonical = SipHeaderNames.Canonicalize(name);
        return _headers.RemoveAll(h => string.Equals(h.CanonicalName, canonical, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Removes the first header with that name (e.g. the top Via or top Route).</summary>
    public bool RemoveFirst(string name)
    {
        int i = IndexOf(name);
        if (i < 0) return false;
        _headers.RemoveAt(i);
        return true;
    }

    /// <summary>Replaces the value of the header at <paramref name="index"/>, keeping its name and position.</summary>
    public void ReplaceValueAt(int index, string value) => _headers[index] = new SipHeader(_headers[index].Name, value);

    public bool Contains(string name) => IndexOf(name) >= 0;

    public int IndexOf(string name)
    {
        string canonical = SipHeaderNames.Canonicalize(name);
        for (int i = 0; i < _headers.Count; i++)
            if (string.Equals(_headers[i].CanonicalName, canonical, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The raw value of the first header with that name, or null.</summary>
    public string? Get(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? null : _headers[i].Value;
    }

    /// <summary>Raw values of every line with that name, in order.</summary>
    public List<string> GetAll(string name)
    {
        string canonical = SipHeaderNames.Canonicalize(name);
        var list = new List<string>();
        foreach (var h in _headers)
            if (string.Equals(h.CanonicalName, canonical, StringComparison.OrdinalIgnoreCase)) list.Add(h.Value);
        return list;
    }

    /// <summary>Every list element across every line with that name (comma split outside quotes and &lt;&gt;).</summary>
    public List<string> GetValues(string name)
    {
        var list = new List<string>();
        foreach (var raw in GetAll(name))
            foreach (var part in HeaderValueSplitter.Split(raw))
                if (part.Length > 0) list.Add(part);
        return list;
    }

    /// <summary>Number of header lines with that name.</summary>
    public int CountOf(string name) => GetAll(name).Count;

    public void CopyFrom(SipHeaderCollection other, string name)
    {
        foreach (var v in other.GetAll(name)) Add(SipHeaderNames.Canonicalize(name), v);
    }

    public IEnumerator<SipHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
