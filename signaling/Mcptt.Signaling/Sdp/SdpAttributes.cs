namespace Mcptt.Signaling.Sdp;

/// <summary>Lookups shared by session-level and media-level attribute lists.</summary>
public static class SdpAttributes
{
    public static SdpAttribute? Find(List<SdpAttribute> attributes, string name)
    {
        foreach (var attribute in attributes)
            if (attribute.Name == name) return attribute;
        return null;
    }

    public static MediaDirection GetDirection(List<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
            if (attribute.Value is null && MediaDirectionNames.TryParse(attribute.Name, out var direction))
                return direction;
        return MediaDirection.SendRecv;
    }

    /// <summary>Replaces the direction attribute in place (keeps its position) or appends one.</summary>
    public static void SetDirection(List<SdpAttribute> attributes, MediaDirection direction)
    {
        var replacement = new SdpAttribute(direction.ToAttributeName(), null);
        int index = attributes.FindIndex(a => a.Value is null && MediaDirectionNames.TryParse(a.Name, out _));
        if (index >= 0)
        {
            attributes[index] = replacement;
            attributes.RemoveAll(a => !ReferenceEquals(a, replacement) && a.Value is null && MediaDirectionNames.TryParse(a.Name, out _));
        }
        else
        {
            attributes.Add(replacement);
        }
    }
}
