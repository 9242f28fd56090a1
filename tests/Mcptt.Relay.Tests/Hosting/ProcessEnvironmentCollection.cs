namespace Mcptt.Relay.Tests.Hosting;

/// <summary>Tests that read or write MCPTT_ environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
