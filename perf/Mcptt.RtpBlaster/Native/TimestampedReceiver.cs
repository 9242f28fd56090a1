using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mcptt.RtpBlaster.Native;

/// <summary>
/// One recvmmsg batch with a kernel receive timestamp per datagram (SO_TIMESTAMPNS): packet buffers,
/// iovecs, headers and per-message control buffers, all preallocated in native memory so a receive
/// allocates nothing. The sender's IPv4 address of each datagram is kept too (<see cref="SourcePort"/>).
/// </summary>
internal sealed unsafe class TimestampedReceiver : IDisposable
{
    // Room for the timestamp record and one more of its size, in case something else gets enabled.
    private static readonly int ControlBytes = 2 * ControlMessages.Space(sizeof(KernelClock.TimeSpec));
    private readonly LinuxUdp.MMsgHdr* _messages;
    private readonly LinuxUdp.IoVec* _iov;
    private readonly byte* _buffers;
    private readonly byte* _control;
    private readonly LinuxUdp.SockAddrIn* _names;

    public TimestampedReceiver(int batch, int bufferBytes)
    {
        Batch = batch;
        BufferBytes = bufferBytes;
        _messages = (LinuxUdp.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(LinuxUdp.MMsgHdr)));
        _iov = (LinuxUdp.IoVec*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(LinuxUdp.IoVec)));
        _buffers = (byte*)NativeMemory.AllocZeroed((nuint)(batch * bufferBytes));
        _control = (byte*)NativeMemory.AllocZeroed((nuint)(batch * ControlBytes));
        _names = (LinuxUdp.SockAddrIn*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(LinuxUdp.SockAddrIn)));
        for (int i = 0; i < batch; i++)
        {
            _iov[i].Base = _buffers + i * bufferBytes;
            _iov[i].Length = (nuint)bufferBytes;
            _messages[i].Header.Iov = _iov + i;
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.Control = _control + i * ControlBytes;
            _messages[i].Header.Name = _names + i;
        }
    }

    public int Batch { get; }

    public int BufferBytes { get; }

    /// <summary>Asks the kernel to stamp every datagram queued to <paramref name="socket"/> (idempotent).</summary>
    public static void EnableTimestamps(Socket socket)
    {
        Span<byte> on = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(on, 1);
        socket.SetRawSocketOption(ControlMessages.SolSocket, ControlMessages.SoTimestampNs, on);
    }

    /// <summary>Blocks until at least one datagram (or the socket's receive timeout): count, 0 on timeout, -errno on error.</summary>
    public int Receive(Socket socket)
    {
        // The kernel overwrites msg_controllen with what it used; give every message its full buffer back.
        // Likewise msg_namelen.
        for (int i = 0; i < Batch; i++)
        {
            _messages[i].Header.ControlLength = (nuint)ControlBytes;
            _messages[i].Header.NameLength = (uint)sizeof(LinuxUdp.SockAddrIn);
        }
        return LinuxUdp.Receive(socket, _messages, Batch);
    }

    public ReadOnlySpan<byte> Packet(int index) =>
        new(_buffers + index * BufferBytes, (int)Math.Min(_messages[index].Length, (uint)BufferBytes));

    /// <summary>The UDP source port of datagram <paramref name="index"/> (host order); 0 when the sender was not IPv4.</summary>
    public int SourcePort(int index)
    {
        ref var name = ref _names[index];
        return name.Family == (ushort)System.Net.Sockets.AddressFamily.InterNetwork ? (ushort)System.Net.IPAddress.NetworkToHostOrder((short)name.Port) : 0;
    }

    /// <summary>The kernel's receive time of datagram <paramref name="index"/> (CLOCK_REALTIME ns); false when it gave none.</summary>
    public bool TryGetKernelTimestamp(int index, out long realtimeNanoseconds)
    {
        // With MSG_CTRUNC set the records that fitted are still there; parsing what is present covers it.
        ref var header = ref _messages[index].Header;
        int length = (int)Math.Min(header.ControlLength, (nuint)ControlBytes);
        return ControlMessages.TryReadTimestampNs(new ReadOnlySpan<byte>(header.Control, length), out realtimeNanoseconds);
    }

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_buffers);
        NativeMemory.Free(_control);
        NativeMemory.Free(_names);
    }
}
