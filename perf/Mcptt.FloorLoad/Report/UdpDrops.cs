namespace Mcptt.FloorLoad.Report;

/// <summary>System-wide UDP datagrams the kernel dropped because a socket's receive queue was full (/proc/net/snmp).</summary>
internal static class UdpDrops
{
    public static long Read()
    {
        try
        {
            string[]? header = null;
            foreach (var line in File.ReadLines("/proc/net/snmp"))
            {
                if (!line.StartsWith("Udp:", StringComparison.Ordinal)) continue;
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (header is null)
                {
                    header = fields;
                    continue;
                }
                int column = Array.IndexOf(header, "RcvbufErrors");
                return column > 0 ? long.Parse(fields[column], System.Globalization.CultureInfo.InvariantCulture) : 0;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
