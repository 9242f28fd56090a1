using Mcptt.Signaling.Auth;
using Mcptt.Signaling.Sip;

namespace Mcptt.Fuzzing.Targets;

/// <summary>
/// An Authorization / Proxy-Authorization header value as the registrar and the digest check read it:
/// the generic auth-param parser the message model uses (<see cref="AuthHeader"/>) and the digest
/// parameter parser the authenticator uses (<see cref="DigestParameters"/>). The SIP parser hands over one
/// unfolded line, so inputs with LF are not header values and are skipped (a bare CR is kept: it survives
/// the line split). Crash: any exception, or an accepted header that does not parse again once written out.
/// </summary>
internal sealed class DigestTarget : FuzzTarget
{
    public override string Name => "digest";

    public override string Description => "AuthHeader.TryParse and DigestParameters.TryParse (Authorization values); crash = exception or re-parse failure";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Contains((byte)'\n')) return;
        string text = System.Text.Encoding.UTF8.GetString(input);
        _ = DigestParameters.TryParse(text, out var parameters, out _);
        _ = parameters.Count;
        if (!AuthHeader.TryParse(text, out var header)) return;
        _ = (header.IsDigest, header.Realm, header.Nonce, header.Username, header.Uri, header.Response, header.Qop, header.NonceCount);
        string written = header.ToString();
        if (!AuthHeader.TryParse(written, out var again) || again.Parameters.Count != header.Parameters.Count)
            throw new FuzzFindingException($"'{written}' written from an accepted header does not parse back the same");
    }
}
