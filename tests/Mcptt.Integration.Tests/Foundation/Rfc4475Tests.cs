using System.Text;
using Mcptt.Integration.Tests.Infrastructure;

namespace Mcptt.Integration.Tests.Foundation;

/// <summary>
/// Every RFC 4475 torture message from shared/conformance/rfc4475, sent as one UDP datagram to the running
/// appliance; the reply must match that file's row of the README table. The appliance is shared by the cases
/// and must still answer OPTIONS afterwards.
/// </summary>
public sealed class Rfc4475Tests : IClassFixture<ParserProbeApplianceFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private readonly ParserProbeApplianceFixture _fixture;

    public Rfc4475Tests(ParserProbeApplianceFixture fixture) => _fixture = fixture;

    private enum Outcome
    {
        /// <summary>One of the listed codes must be answered.</summary>
        Codes,
        /// <summary>No reply at all.</summary>
        Dropped,
        /// <summary>Parsed and handled: any reply (or none, for a response or a request answered to its Via
        /// address) but never 400 or 500.</summary>
        Parses,
    }

    private sealed record Expectation(Outcome Outcome, params int[] Codes);

    private static Expectation Code(params int[] codes) => new(Outcome.Codes, codes);

    private static readonly Expectation Parses = new(Outcome.Parses);
    private static readonly Expectation Dropped = new(Outcome.Dropped);

    // The README table: file → acceptable outcome. Register rows allow the 401 challenge (and 404 for a user
    // the demo registrar does not know); 403 is what a registrar answers when To and the credentials' realm differ.
    private static readonly Dictionary<string, Expectation> Table = new()
    {
        ["wsinv.dat"] = Parses,
        ["intmeth.dat"] = Code(405, 501),
        ["esc01.dat"] = Parses,
        ["escnull.dat"] = Parses,
        ["esc02.dat"] = Parses,
        ["lwsdisp.dat"] = Parses,
        ["longreq.dat"] = Parses,
        ["dblreq.dat"] = Parses,
        ["semiuri.dat"] = Parses,
        ["transports.dat"] = Parses,
        ["mpart01.dat"] = Parses,
        ["unreason.dat"] = Parses,
        ["noreason.dat"] = Parses,
        ["badinv01.dat"] = Code(400),
        ["clerr.dat"] = Code(400),
        ["ncl.dat"] = Code(400),
        ["scalar02.dat"] = Code(400),
        ["scalarlg.dat"] = Dropped,
        ["quotbal.dat"] = Code(400),
        ["ltgtruri.dat"] = Code(400),
        ["lwsruri.dat"] = Code(400),
        ["lwsstart.dat"] = Code(400),
        ["trws.dat"] = Code(400),
        ["escruri.dat"] = Code(400),
        ["baddate.dat"] = new(Outcome.Parses), // 400, or accepted ignoring Date: anything but 500
        ["regbadct.dat"] = Code(400),
        ["badaspec.dat"] = Code(400),
        ["baddn.dat"] = Code(400),
        ["badvers.dat"] = Code(505),
        ["mismatch01.dat"] = Code(400),
        ["mismatch02.dat"] = Code(400),
        ["bigcode.dat"] = Dropped,
        ["badbranch.dat"] = Parses,
        ["insuf.dat"] = Code(400),
        ["unkscm.dat"] = Code(416),
        ["novelsc.dat"] = Code(416),
        ["unksm2.dat"] = Parses,
        ["bext01.dat"] = Code(420),
        ["invut.dat"] = Code(415),
        ["regaut01.dat"] = Code(401, 400),
        ["multi01.dat"] = Code(400),
        ["mcl01.dat"] = Code(400),
        ["bcast.dat"] = Dropped,
        ["zeromf.dat"] = Parses,
        ["cparam01.dat"] = Code(200, 401, 404),
        ["cparam02.dat"] = Code(200, 401, 404),
        ["regescrt.dat"] = Code(200, 401, 404),
        ["sdp01.dat"] = Code(406),
        ["inv2543.dat"] = Parses,
    };

    public static string Directory => Path.Combine(RepoPaths.SharedDirectory, "conformance", "rfc4475");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Table.Keys.Order(StringComparer.Ordinal)) data.Add(file);
        return data;
    }

    [Fact]
    public void Table_covers_every_file_in_the_corpus()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.dat").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(49, files.Length);
        Assert.Equal(Table.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Torture_message_gets_the_expected_outcome(string file)
    {
        var datagram = await File.ReadAllBytesAsync(Path.Combine(Directory, file));
        var app = _fixture.App;
        // Answers must come back to the sending socket (as to any NATed client): the appliance is expected to
        // answer UDP requests at their source even when the torture message's Via lacks rport.
        using var probe = new UdpProbe();

        var replies = await probe.ExchangeAsync(datagram, app.Ports.Sip, Quiet);

        var codes = replies.Select(SipReplies.StatusCode).ToArray();
        var context = $"{file}: {SipReplies.Describe(replies)}";
        Assert.True(codes.All(c => c is not null), $"non-SIP reply. {context}");
        var expectation = Table[file];
        switch (expectation.Outcome)
        {
            case Outcome.Dropped:
                Assert.True(replies.Count == 0, $"expected a drop. {context}");
                break;
            case Outcome.Codes:
                Assert.True(codes.Any(c => expectation.Codes.Contains(c!.Value)),
                    $"expected one of {string.Join("/", expectation.Codes)}. {context}");
                Assert.DoesNotContain(500, codes);
                break;
            case Outcome.Parses:
                Assert.True(!codes.Contains(400) && !codes.Contains(500), $"expected no 400/500. {context}");
                break;
        }
        Assert.False(app.Process.HasExited, $"appliance exited after {file}\n{app.Describe()}");
        await AssertOptionsAnsweredAsync(app);
    }

    internal static async Task AssertOptionsAnsweredAsync(AppProcess app)
    {
        using var probe = new UdpProbe();
        var local = probe.LocalEndPoint;
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N");
        var options = $"OPTIONS sip:127.0.0.1:{app.Ports.Sip} SIP/2.0\r\n" +
                      $"Via: SIP/2.0/UDP 127.0.0.1:{local.Port};branch={branch};rport\r\n" +
                      "Max-Forwards: 70\r\n" +
                      $"From: <sip:probe@127.0.0.1>;tag={Guid.NewGuid():N}\r\n" +
                      $"To: <sip:127.0.0.1:{app.Ports.Sip}>\r\n" +
                      $"Call-ID: {Guid.NewGuid():N}@127.0.0.1\r\n" +
                      "CSeq: 1 OPTIONS\r\n" +
                      "Content-Length: 0\r\n\r\n";
        var replies = await probe.ExchangeAsync(Encoding.ASCII.GetBytes(options), app.Ports.Sip, TimeSpan.FromSeconds(1));
        Assert.True(replies.Any(r => SipReplies.StatusCode(r) == 200), $"OPTIONS: {SipReplies.Describe(replies)}\n{app.Describe()}");
    }
}
