using System.Globalization;

namespace Mcptt.Integration.Tests.Ng;

/// <summary>
/// A kamailio.cfg for the ng test: a stateful proxy on 127.0.0.1:<c>sipPort</c> that routes every new
/// INVITE to one UAS and uses Debian's rtpengine module against our ng port, the way operators deploy
/// rtpengine: rtpengine_manage() on the INVITE and on its SDP replies, rtpengine_delete() on BYE,
/// with the flags Kamailio configs commonly pass.
/// </summary>
internal static class KamailioNgConfig
{
    public const string ManageFlags = "trust-address replace-origin replace-session-connection ICE=remove RTP/AVP symmetric";

    public static string Render(int sipPort, int ngPort, int uasPort) => $$"""
        #!KAMAILIO
        debug=2
        log_stderror=yes
        fork=yes
        children=1
        disable_tcp=yes
        auto_aliases=no
        listen=udp:127.0.0.1:{{I(sipPort)}}
        alias="127.0.0.1:{{I(sipPort)}}"

        mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
        loadmodule "kex.so"
        loadmodule "corex.so"
        loadmodule "tm.so"
        loadmodule "tmx.so"
        loadmodule "sl.so"
        loadmodule "rr.so"
        loadmodule "pv.so"
        loadmodule "maxfwd.so"
        loadmodule "textops.so"
        loadmodule "siputils.so"
        loadmodule "xlog.so"
        loadmodule "rtpengine.so"

        modparam("rr", "enable_full_lr", 1)
        modparam("tm", "fr_timer", 3000)
        modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:{{I(ngPort)}}")
        modparam("rtpengine", "rtpengine_tout_ms", 500)

        request_route {
            if (!mf_process_maxfwd_header("10")) {
                sl_send_reply("483", "Too Many Hops");
                exit;
            }
            if (has_totag()) {
                if (loose_route()) {
                    if (is_method("BYE")) {
                        rtpengine_delete();
                    }
                    t_relay();
                    exit;
                }
                if (is_method("ACK")) {
                    if (t_check_trans()) t_relay();
                    exit;
                }
                sl_send_reply("404", "Not here");
                exit;
            }
            if (is_method("CANCEL")) {
                if (t_check_trans()) {
                    rtpengine_delete();
                    t_relay();
                }
                exit;
            }
            if (!is_method("ACK")) {
                if (t_precheck_trans()) {
                    t_check_trans();
                    exit;
                }
                t_check_trans();
            }
            if (is_method("INVITE")) {
                record_route();
                if (has_body("application/sdp")) {
                    if (!rtpengine_manage("{{ManageFlags}}")) {
                        sl_send_reply("503", "Media relay unavailable");
                        exit;
                    }
                }
                t_on_reply("MANAGE_REPLY");
            }
            $du = "sip:127.0.0.1:{{I(uasPort)}}";
            t_relay();
            exit;
        }

        onreply_route[MANAGE_REPLY] {
            if (has_body("application/sdp")) {
                rtpengine_manage("{{ManageFlags}}");
            }
        }
        """;

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
