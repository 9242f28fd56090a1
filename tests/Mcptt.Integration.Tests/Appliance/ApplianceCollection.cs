namespace Mcptt.Integration.Tests.Appliance;

/// <summary>Appliance start/stop tests: each starts its own process on its own free ports; the collection keeps
/// them sequential so they do not compete for the 2 CPUs with other collections' peers more than needed.</summary>
[CollectionDefinition(Name)]
public sealed class ApplianceCollection
{
    public const string Name = "appliance process";
}
