using System.Globalization;
using System.Text;
using Mcptt.Control.Ng.Bencode;
using Mcptt.RtpBlaster.Ng;

namespace Mcptt.RtpBlaster.Modes;

/// <summary>
/// ng: send one command and print the reply as JSON-like text, e.g.
/// <c>rtp-blaster ng --server 127.0.0.1:2223 ping</c> or <c>... query call-id=abc</c>.
/// Values given as key=value are strings; key=#123 is an integer; flags=a,b is a list.
/// </summary>
internal static class NgCommandMode
{
    public static int Run(Options o)
    {
        var server = o.EndPoint("server") ?? throw new ArgumentException("ng needs --server HOST:PORT");
        o.RejectUnknown();
        if (o.Positional.Count == 0) throw new ArgumentException("ng needs a command (ping, list, query call-id=X, ...)");
        var request = new BDictionary().Set("command", o.Positional[0]);
        foreach (string pair in o.Positional.Skip(1))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"expected key=value, got '{pair}'");
            string key = pair[..eq], value = pair[(eq + 1)..];
            if (key == "flags") request.Set(key, value.Split(',').Aggregate(new BList(), (l, f) => l.Add(f)));
            else if (value.StartsWith('#')) request.Set(key, long.Parse(value[1..], CultureInfo.InvariantCulture));
            else request.Set(key, value);
        }
        using var client = new NgClient(server);
        var reply = client.Send(request);
        var sb = new StringBuilder();
        Format(reply, sb, 0);
        Console.WriteLine(sb.ToString());
        return reply.GetString("result") == "error" ? 1 : 0;
    }

    private static void Format(BNode node, StringBuilder sb, int indent)
    {
        string pad = new(' ', indent * 2);
        switch (node)
        {
            case BInteger i: sb.Append(i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case BString s: sb.Append('"').Append(s.Text.Replace("\r\n", "\\r\\n", StringComparison.Ordinal)).Append('"'); break;
            case BList l:
                sb.Append("[\n");
                foreach (var item in l.Items) { sb.Append(pad).Append("  "); Format(item, sb, indent + 1); sb.Append(",\n"); }
                sb.Append(pad).Append(']');
                break;
            case BDictionary d:
                sb.Append("{\n");
                foreach (var (key, value) in d.Entries) { sb.Append(pad).Append("  \"").Append(key).Append("\": "); Format(value, sb, indent + 1); sb.Append(",\n"); }
                sb.Append(pad).Append('}');
                break;
        }
    }
}
