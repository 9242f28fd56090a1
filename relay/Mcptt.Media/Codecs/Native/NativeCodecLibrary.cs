using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Mcptt.Media.Codecs.Native;

/// <summary>
/// Loads a codec's shared library once per name and resolves its exports, turning a missing library or
/// symbol into one clear message that names the library and the Debian package that provides it.
/// Loading happens when a codec is created (call setup), never per frame.
/// </summary>
internal static class NativeCodecLibrary
{
    private static readonly ConcurrentDictionary<string, nint> Loaded = new(StringComparer.Ordinal);

    public static bool TryLoad(string library, string debianPackage, out nint handle, out string error)
    {
        if (Loaded.TryGetValue(library, out handle))
        {
            error = "";
            return true;
        }
        if (!NativeLibrary.TryLoad(library, typeof(NativeCodecLibrary).Assembly, null, out handle))
        {
            error = $"codec library {library} could not be loaded (install the Debian package {debianPackage})";
            return false;
        }
        handle = Loaded.GetOrAdd(library, handle);
        error = "";
        return true;
    }

    /// <summary>Resolves every named export, or says which one the library lacks.</summary>
    public static bool TryGetExports(nint handle, string library, ReadOnlySpan<string> names, Span<nint> exports, out string error)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (!NativeLibrary.TryGetExport(handle, names[i], out exports[i]))
            {
                error = $"codec library {library} has no export {names[i]} (unsupported version?)";
                return false;
            }
        }
        error = "";
        return true;
    }
}
