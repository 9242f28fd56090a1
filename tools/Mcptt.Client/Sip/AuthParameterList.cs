using System.Text;

namespace Mcptt.Client.Sip;

/// <summary>Parses the comma separated <c>name=value</c> / <c>name="quoted value"</c> list of an auth header.</summary>
internal static class AuthParameterList
{
    private const int MaxParameters = 32;

    public static Dictionary<string, string> Parse(ReadOnlySpan<char> text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < text.Length && result.Count < MaxParameters)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            int nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string name = text[nameStart..i].ToString();
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                if (name.Length > 0)
                {
                    result[name] = string.Empty;
                }

                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    // quoted-pair: a backslash escapes the next character.
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                int valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim().ToString();
            }

            if (name.Length > 0)
            {
                result[name] = value;
            }
        }

        return result;
    }
}
