namespace Mcptt.Floor.Tests.Wire;

/// <summary>Annotated byte vectors, one per message type (hand-assembled from TS 24.380 §8.1/§8.2 layouts).</summary>
public static class FloorVectors
{
    public const string Request = """
        80           // V=2 P=0 subtype=0 Floor Request
        CC           // PT=204 APP
        00 06        // length 6 -> 28 octets
        11 22 33 44  // SSRC of the floor participant
        4D 43 50 54  // name "MCPT"
        00 02 05 00  // Floor Priority (0), len 2: priority 5, spare
        06 07        // User ID (6), len 7
        73 69 70 3A 61 40 78 // "sip:a@x"
        00 00 00     // pad to 32 bits
        """;

    public const string GrantedAckRequired = """
        91           // V=2 P=0 subtype=0x11 Floor Granted, ack required
        CC           // PT=204
        00 07        // length 7 -> 32 octets
        5E C0 00 01  // SSRC of the floor control server
        4D 43 50 54  // "MCPT"
        01 02 00 1E  // Duration (1), len 2: 30 s
        0E 06 AA BB CC DD 00 00 // SSRC (14), len 6: 0xAABBCCDD + 16 spare bits
        00 02 05 00  // Floor Priority: 5
        0D 02 80 00  // Floor Indicator (13): A = normal call
        """;

    public const string Taken = """
        82           // subtype 2 Floor Taken
        CC
        00 08        // length 8 -> 36 octets
        5E C0 00 01  // server SSRC
        4D 43 50 54  // "MCPT"
        04 07        // Granted Party's Identity (4), len 7
        73 69 70 3A 61 40 78 00 00 00 // "sip:a@x" + pad
        05 02 00 01  // Permission to Request the Floor (5): 1 permitted
        08 02 00 01  // Message Sequence Number (8): 1
        0D 02 80 00  // Floor Indicator: normal call
        """;

    public const string DenyWithPhrase = """
        83           // subtype 3 Floor Deny
        CC
        00 04        // length 4 -> 20 octets
        5E C0 00 01
        4D 43 50 54
        02 06 00 01  // Reject Cause (2), len 6: cause 1 "another client has permission"
        62 75 73 79  // reject phrase "busy" (exactly fills the word, no pad)
        """;

    public const string ReleaseAckRequired = """
        94           // subtype 0x14 Floor Release, ack required
        CC
        00 05        // length 5 -> 24 octets
        11 22 33 44
        4D 43 50 54
        06 07 73 69 70 3A 62 40 78 00 00 00 // User ID "sip:b@x" + pad
        """;

    public const string Idle = """
        85           // subtype 5 Floor Idle
        CC
        00 04        // length 4 -> 20 octets
        5E C0 00 01
        4D 43 50 54
        08 02 00 02  // Message Sequence Number: 2
        0D 02 80 00  // Floor Indicator: normal call
        """;

    public const string Revoke = """
        86           // subtype 6 Floor Revoke
        CC
        00 04
        5E C0 00 01
        4D 43 50 54
        02 02 00 02  // Reject Cause: revoke cause 2 "media burst too long"
        0D 02 80 00
        """;

    public const string QueuePositionRequest = """
        88           // subtype 8 Floor Queue Position Request
        CC
        00 05
        11 22 33 44
        4D 43 50 54
        06 07 73 69 70 3A 62 40 78 00 00 00 // User ID "sip:b@x"
        """;

    public const string QueuePositionInfo = """
        89           // subtype 9 Floor Queue Position Info
        CC
        00 06        // 28 octets
        5E C0 00 01
        4D 43 50 54
        06 07 73 69 70 3A 62 40 78 00 00 00 // User ID "sip:b@x"
        03 02 01 03  // Queue Info (3): position 1, queue priority 3
        """;

    public const string Ack = """
        8A           // subtype 10 Floor Ack
        CC
        00 04
        11 22 33 44
        4D 43 50 54
        0A 02 00 00  // Source (10): 0 floor participant
        0C 02 11 00  // Message Type (12): acknowledges 0x11 (Granted, ack required) + spare
        """;

    /// <summary>TS 24.380 v13.0.x numbering: Floor Priority 102 (0x66), User ID 109 (0x6D).</summary>
    public const string RequestLegacyIds = """
        80 CC 00 06 11 22 33 44 4D 43 50 54
        66 02 07 00  // legacy Floor Priority (102): 7
        6D 07 73 69 70 3A 61 40 78 00 00 00 // legacy User ID (109) "sip:a@x"
        """;

    /// <summary>Unknown IDs are skipped, including one with a 2-octet length (ID >= 192).</summary>
    public const string RequestWithUnknownFields = """
        80 CC 00 07 11 22 33 44 4D 43 50 54
        32 03 01 02 03 00 // unknown ID 50, len 3, value 01 02 03, pad 1... (1+1+3=5 -> 8)
        00 00
        C8 00 02 AB CD 00 00 00 // unknown ID 200: 2-octet length 2, value AB CD, pad 3
        00 02 09 00  // Floor Priority: 9
        """;
}
