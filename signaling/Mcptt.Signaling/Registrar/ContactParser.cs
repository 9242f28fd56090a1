using System.Globalization;
using Mcptt.Signaling.Sip;

namespace Mcptt.Signaling.Registrar;

/// <summary>
/// Reads the Contact headers of a REGISTER with reasons a client developer can act on
/// (the 400 reason phrase carries them). Bounded by <see cref="MaxContacts"/>.
/// </summary>
internal static class ContactParser
{
    public const int MaxContacts = 32;

    public readonly record struct Result(List<NameAddr> Contacts, bool IsStar, string? Error);

    public static Result Parse(SipRequest request)
    {
        var contacts = new List<NameAddr>();
        bool star = false;
        foreach (var raw in request.Headers.GetValues(SipHeaderNames.Contact))
        {
            if (raw.Trim() == "*")
            {
                star = true;
                continue;
            }
            if (!NameAddr.TryParse(raw, out var contact))
                return Fail($"Malformed Contact '{Truncate(raw)}'");
            if (contact.Uri is not SipUri)
                return Fail($"Contact URI scheme {contact.Uri.Scheme} not supported (sip/sips only)");
            if (contact.Parameters.Get("expires") is { } expires && !IsDigits(expires))
                return Fail("Contact expires parameter is not a number");
            if (contact.Parameters.Get("q") is { } q && !IsQValue(q))
                return Fail("Contact q parameter is not 0..1");
            contacts.Add(contact);
            if (contacts.Count > MaxContacts) return Fail($"More than {MaxContacts} Contacts");
        }
        if (star && contacts.Count > 0) return Fail("Contact * must be the only Contact");
        return new Result(contacts, star, null);

        static Result Fail(string error) => new(new List<NameAddr>(), false, error);
    }

    /// <summary>RFC 3261 §19.1.4 comparison, simplified to what identifies a device: scheme, user, host, port, transport.</summary>
    public static string Key(SipUri uri)
    {
        var transport = uri.Transport?.ToLowerInvariant() ?? "";
        var port = uri.Port?.ToString(CultureInfo.InvariantCulture) ?? "";
        return $"{uri.Scheme}:{uri.User}@{uri.Host.ToLowerInvariant()}:{port};{transport}";
    }

    private static bool IsDigits(string value)
    {
        if (value.Length is 0 or > 10) return false;
        foreach (char c in value) if (c is < '0' or > '9') return false;
        return true;
    }

    private static bool IsQValue(string value)
        => double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1;

    private static string Truncate(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";
}
