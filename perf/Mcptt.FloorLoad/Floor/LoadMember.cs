using System.Net;
using System.Net.Sockets;
using Mcptt.Client.Sip;
using Mcptt.Signaling.Sip;

namespace Mcptt.FloorLoad.Floor;

/// <summary>One simulated MCPTT client: its SIP identity, the floor socket it shares and the server's floor port for it.</summary>
internal sealed class LoadMember
{
    public LoadMember(int index, LoadGroup group, int position, string user, string password, uint ssrc)
    {
        Index = index;
        Group = group;
        Position = position;
        User = user;
        Credentials = new DigestCredentials(user, password);
        Ssrc = ssrc;
    }

    public int Index { get; }
    public LoadGroup Group { get; }
    /// <summary>0 = the member that calls the group URI; the others are invited by the appliance.</summary>
    public int Position { get; }
    public string User { get; }
    public DigestCredentials Credentials { get; }
    public uint Ssrc { get; }

    /// <summary>Index of the shared SIP endpoint and floor socket this member uses.</summary>
    public int SipSocket { get; set; }
    public int FloorSocket { get; set; }

    /// <summary>The appliance's floor port for this member (from SDP) and the same as a sockaddr for SendTo.</summary>
    public IPEndPoint? ServerFloor { get; private set; }
    public SocketAddress? ServerFloorAddress { get; private set; }

    public string RegisterCallId { get; } = SipIds.NewCallId();
    public uint RegisterCSeq { get; set; }
    public bool Registered { get; set; }

    /// <summary>Our dialog: as caller (position 0) or callee (invited).</summary>
    public SipDialog? Dialog { get; set; }
    /// <summary>Callee: our 2xx, retransmitted until the ACK (RFC 3261 §13.3.1.4).</summary>
    public SipResponse? Answer { get; set; }
    public IPEndPoint? AnswerTo { get; set; }
    public long AnsweredAt { get; set; }
    public int AnswerResends { get; set; }
    public volatile bool Joined;
    public volatile bool ByeReceived;
    /// <summary>A Floor Idle reached this member during setup: its floor channel works end to end.</summary>
    public volatile bool InitialIdle;

    /// <summary>The cycle whose Floor Taken / Floor Idle this member has already counted (guarded by the group lock).</summary>
    public int TakenCycle { get; set; } = -1;
    public int IdleCycle { get; set; } = -1;

    public void SetServerFloor(IPEndPoint endPoint)
    {
        ServerFloor = endPoint;
        ServerFloorAddress = endPoint.Serialize();
    }
}
