using System.Net;

namespace Mcptt.Integration.Tests.Attacks;

/// <summary>
/// The attack tests (issue 10) run one after another: the TCP slowloris and the floods measure what a legitimate
/// client still gets, which a parallel attack in another test would blur. Each test starts its own appliance on
/// its documented defaults and attacks it from its own loopback address, so bans and per-source limits of one
/// test never touch another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AttackCollection
{
    public const string Name = "attacks";
}

/// <summary>Loopback addresses standing for distinct hosts. 127.0.0.1 is the legitimate users' host.</summary>
internal static class AttackSources
{
    public static readonly IPAddress Legitimate = IPAddress.Loopback;
    public static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.13");
    public static readonly IPAddress Replayer = IPAddress.Parse("127.0.0.12");
    public static readonly IPAddress Slowloris = IPAddress.Parse("127.0.0.16");
    public static readonly IPAddress Reflected = IPAddress.Parse("127.0.0.17");
}
