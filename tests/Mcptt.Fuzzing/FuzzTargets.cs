using System.Reflection;

namespace Mcptt.Fuzzing;

/// <summary>Every <see cref="FuzzTarget"/> in this assembly, by name.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } = Discover();

    public static FuzzTarget? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    private static List<FuzzTarget> Discover()
    {
        var targets = new List<FuzzTarget>();
        foreach (var type in typeof(FuzzTarget).Assembly.GetTypes())
        {
            if (type.IsAbstract || !type.IsSubclassOf(typeof(FuzzTarget))) continue;
            var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)
                ?? throw new InvalidOperationException(type.Name + " needs a parameterless constructor");
            targets.Add((FuzzTarget)constructor.Invoke(null));
        }
        targets.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return targets;
    }
}
