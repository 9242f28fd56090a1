namespace Mcptt.Integration.Tests.Infrastructure;

/// <summary>The ports one appliance instance was started with (all on 127.0.0.1).</summary>
public sealed record AppPorts(int Sip, int Http, int Ng, int MediaMin, int MediaMax)
{
    /// <summary>Fresh free ports; SIP uses the same number for UDP and TCP. The media range is a block of
    /// <paramref name="mediaPorts"/> ports starting on an even port.</summary>
    public static AppPorts Allocate(int mediaPorts = 200)
    {
        int sip = FreePorts.Next();
        int http = FreePorts.Next();
        int ng = FreePorts.Next();
        int media = FreePorts.Block(mediaPorts, alignment: 2);
        return new AppPorts(sip, http, ng, media, media + mediaPorts - 1);
    }

    /// <summary>Command-line overrides that put the appliance on these ports.</summary>
    public IEnumerable<string> ToArguments() =>
    [
        $"--Sip:UdpPort={Sip}", $"--Sip:TcpPort={Sip}", $"--Http:Port={Http}", $"--Ng:Port={Ng}",
        $"--Media:PortMin={MediaMin}", $"--Media:PortMax={MediaMax}",
    ];
}
