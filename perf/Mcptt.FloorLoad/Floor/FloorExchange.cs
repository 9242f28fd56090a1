using System.Net;
using Mcptt.Client.Floor;
using Mcptt.Floor.Wire;
using Mcptt.FloorLoad.Plan;
using Mcptt.RtpBlaster.Native;

namespace Mcptt.FloorLoad.Floor;

/// <summary>
/// The clients' floor control: decodes every datagram from the appliance with the project's floor codec, acknowledges
/// what asks for it, and runs each active group's cycle (request, granted + taken, hold, release, idle), recording
/// at the clients how long each step took. Receive threads and the cycle clock meet in the group's lock.
/// </summary>
internal sealed partial class FloorExchange : IDisposable
{
    private const int NoMember = -1;
    private readonly LoadPlan _plan;
    private readonly LoadMember[] _members;
    private readonly int[] _memberByServerPort = new int[65536];
    private readonly bool[] _idleBeforeMapping = new bool[65536];
    private readonly CycleClock _clock;
    private StepStats? _current;
    private long _realtimeOffset = KernelClock.MeasureRealtimeOffset();

    public FloorExchange(LoadPlan plan, LoadMember[] members)
    {
        _plan = plan;
        _members = members;
        Array.Fill(_memberByServerPort, NoMember);
        Ports = new FloorPorts(plan.Local, plan.FloorSockets, OnDatagram);
        _clock = new CycleClock(Fire);
    }

    public FloorPorts Ports { get; }

    public FloorCounters Counters { get; } = new();

    public long ClockFailures => Interlocked.Read(ref _clock.Failures);

    /// <summary>Cycles whose request is sent from now on are counted here (null: not measured).</summary>
    public StepStats? Current
    {
        get => Volatile.Read(ref _current);
        set
        {
            Volatile.Write(ref _realtimeOffset, KernelClock.MeasureRealtimeOffset());
            Volatile.Write(ref _current, value);
        }
    }

    /// <summary>The appliance's floor port for <paramref name="member"/> is known (from SDP): route its datagrams.</summary>
    public void Map(LoadMember member, IPEndPoint serverFloor)
    {
        member.SetServerFloor(serverFloor);
        Volatile.Write(ref _memberByServerPort[serverFloor.Port], member.Index);
        if (Volatile.Read(ref _idleBeforeMapping[serverFloor.Port])) member.InitialIdle = true;
    }

    private void OnDatagram(int socket, int sourcePort, ReadOnlySpan<byte> datagram, long kernelRealtimeNs, long appNs)
    {
        Interlocked.Increment(ref Counters.Datagrams);
        int index = Volatile.Read(ref _memberByServerPort[sourcePort]);
        LoadMember? member = index == NoMember ? null : _members[index];
        long kernelNs = kernelRealtimeNs == 0 ? appNs : KernelClock.RealtimeToStopwatchNanoseconds(kernelRealtimeNs, Volatile.Read(ref _realtimeOffset));
        var reader = new FloorDatagramReader(datagram);
        while (reader.TryReadNext(out FloorPacket packet, out FloorParseError error))
        {
            if (error != FloorParseError.None || FloorFields.TryDecode(packet.Payload, out _) != FloorParseError.None)
            {
                Interlocked.Increment(ref Counters.Invalid);
                continue;
            }
            if (member is null)
            {
                NoteUnmapped(sourcePort, packet.Type);
                continue;
            }
            if (packet.AckRequired) SendAck(member, packet.Type);
            Dispatch(member, packet.Type, kernelNs, appNs);
        }
    }

    /// <summary>An Idle can beat the 200 OK that tells us the originator's floor port; remember it for <see cref="Map"/>.</summary>
    private void NoteUnmapped(int sourcePort, FloorMessageType type)
    {
        if (type != FloorMessageType.Idle)
        {
            Interlocked.Increment(ref Counters.UnknownSource);
            return;
        }
        Volatile.Write(ref _idleBeforeMapping[sourcePort], true);
        int index = Volatile.Read(ref _memberByServerPort[sourcePort]);
        if (index != NoMember) _members[index].InitialIdle = true;
    }

    private void Dispatch(LoadMember member, FloorMessageType type, long kernelNs, long appNs)
    {
        switch (type)
        {
            case FloorMessageType.Granted:
                Interlocked.Increment(ref Counters.Granted);
                OnGranted(member, kernelNs, appNs);
                break;
            case FloorMessageType.Taken:
                Interlocked.Increment(ref Counters.Taken);
                OnTaken(member, kernelNs);
                break;
            case FloorMessageType.Idle:
                Interlocked.Increment(ref Counters.Idle);
                member.InitialIdle = true;
                OnIdle(member, kernelNs);
                break;
            case FloorMessageType.Deny:
                Interlocked.Increment(ref Counters.Deny);
                OnDeny(member);
                break;
            case FloorMessageType.Revoke:
                Interlocked.Increment(ref Counters.Revoke);
                break;
            case FloorMessageType.QueuePositionInfo:
                Interlocked.Increment(ref Counters.QueuePositionInfo);
                break;
            case FloorMessageType.Ack:
                Interlocked.Increment(ref Counters.Ack);
                break;
            default:
                Interlocked.Increment(ref Counters.Other);
                break;
        }
    }

    private void SendAck(LoadMember member, FloorMessageType type)
    {
        Span<byte> buffer = stackalloc byte[FloorCodec.MaxMessageSize];
        int length = FloorCodec.WriteAck(buffer, member.Ssrc, type, ackRequiredBit: true);
        if (Send(member, buffer[..length])) Interlocked.Increment(ref Counters.AcksSent);
    }

    private void SendRequest(LoadMember member)
    {
        Span<byte> buffer = stackalloc byte[FloorCodec.MaxMessageSize];
        Send(member, buffer[..FloorCodec.WriteRequest(buffer, member.Ssrc, priority: null, userId: null)]);
    }

    private void SendRelease(LoadMember member)
    {
        Span<byte> buffer = stackalloc byte[FloorCodec.MaxMessageSize];
        Send(member, buffer[..FloorCodec.WriteRelease(buffer, member.Ssrc, userId: null)]);
    }

    private bool Send(LoadMember member, ReadOnlySpan<byte> message)
    {
        if (member.ServerFloorAddress is { } to && Ports.Send(member.FloorSocket, message, to)) return true;
        Interlocked.Increment(ref Counters.SendErrors);
        return false;
    }

    public void Dispose()
    {
        _clock.Dispose();
        Ports.Dispose();
    }
}
