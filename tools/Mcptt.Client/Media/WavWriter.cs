using System.Buffers.Binary;

namespace Mcptt.Client.Media;

/// <summary>
/// Streams 16-bit PCM mono 8 kHz samples to a WAV file. The header sizes are patched on
/// every flush so a file is playable even if the client is killed mid-call.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int HeaderSize = 44;
    private const int SampleRate = 8000;
    private readonly FileStream _stream;
    private readonly Lock _gate = new();
    private long _dataBytes;
    private bool _disposed;

    public WavWriter(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, 0);
        _stream.Write(header);
    }

    public long SamplesWritten
    {
        get
        {
            lock (_gate)
            {
                return _dataBytes / 2;
            }
        }
    }

    public void Write(ReadOnlySpan<short> samples)
    {
        Span<byte> buffer = stackalloc byte[512];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            while (!samples.IsEmpty)
            {
                int n = Math.Min(samples.Length, buffer.Length / 2);
                for (int i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(buffer[(i * 2)..], samples[i]);
                }

                _stream.Write(buffer[..(n * 2)]);
                _dataBytes += n * 2;
                samples = samples[n..];
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                PatchHeader();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            PatchHeader();
            _disposed = true;
            _stream.Dispose();
        }
    }

    private void PatchHeader()
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, _dataBytes);
        long position = _stream.Position;
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Position = position;
        _stream.Flush();
    }

    /// <summary>Canonical 44-byte PCM header: RIFF, fmt (16 bytes), data.</summary>
    public static void WriteHeader(Span<byte> header, long dataBytes)
    {
        uint data = (uint)Math.Min(dataBytes, uint.MaxValue - 36);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 36 + data);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], data);
    }
}
