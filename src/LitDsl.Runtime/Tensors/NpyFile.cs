using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Text;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// NumPy <c>.npy</c> files holding one float32 little-endian C-order array (format versions 1.0 and 2.0,
/// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html). Anything else is refused with a
/// <see cref="LitDslFormatException"/> naming the file and the problem.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // The preamble (magic, version, header length) plus the header is padded to a multiple of 64 bytes.
    private const int Alignment = 64;

    /// <summary>Reads the array in <paramref name="path"/>.</summary>
    public static FloatTensor Read(string path)
    {
        return Parse(ReadableFile.ReadAllBytes(path), path);
    }

    /// <summary>Parses .npy bytes; <paramref name="fileName"/> names the source in errors.</summary>
    public static FloatTensor Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.Length < Magic.Length + 2 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new LitDslFormatException(fileName, "not a .npy file (missing the \\x93NUMPY magic)");
        }
        byte major = bytes[6];
        byte minor = bytes[7];
        int lengthSize = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) => 4,
            _ => throw new LitDslFormatException(fileName, $".npy format version {major}.{minor} is not supported (only 1.0 and 2.0)"),
        };
        int preamble = 8 + lengthSize;
        if (bytes.Length < preamble)
        {
            throw new LitDslFormatException(fileName, "truncated before the header length");
        }
        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerLength > bytes.Length - preamble)
        {
            throw new LitDslFormatException(fileName, $"header claims {headerLength} bytes but only {bytes.Length - preamble} follow");
        }
        string header = Encoding.Latin1.GetString(bytes.Slice(preamble, (int)headerLength));
        int[] shape = ParseHeader(header, fileName);

        var data = bytes[(preamble + (int)headerLength)..];
        long count;
        try
        {
            count = FloatTensor.ElementCount(shape);
        }
        catch (OverflowException)
        {
            throw new LitDslFormatException(fileName, $"shape ({string.Join(", ", shape)}) has more elements than can be addressed");
        }
        // Compare against the bytes present before allocating anything of the declared size.
        if (count > data.Length / sizeof(float) || count * sizeof(float) != data.Length)
        {
            throw new LitDslFormatException(fileName,
                $"shape ({string.Join(", ", shape)}) needs {count} float32 values ({count * sizeof(float)} bytes) but the file has {data.Length} data bytes");
        }
        return new FloatTensor(shape, LittleEndianFloats.Read(data));
    }

    /// <summary>Writes <paramref name="tensor"/> as .npy (version 1.0, or 2.0 when the header needs it), atomically.</summary>
    public static void Write(string path, FloatTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        byte[] preambleAndHeader = BuildHeader(tensor.Shape);
        AtomicFile.Write(path, stream => WriteTo(stream, preambleAndHeader, tensor));
    }

    /// <summary>Writes <paramref name="tensor"/> as .npy bytes to <paramref name="stream"/> (an .npz entry).</summary>
    internal static void WriteTo(Stream stream, FloatTensor tensor) => WriteTo(stream, BuildHeader(tensor.Shape), tensor);

    private static void WriteTo(Stream stream, byte[] preambleAndHeader, FloatTensor tensor)
    {
        stream.Write(preambleAndHeader);
        LittleEndianFloats.Write(stream, tensor.Data);
    }

    private static byte[] BuildHeader(int[] shape)
    {
        string dims = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", Array.ConvertAll(shape, d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {dims}, }}";
        // Version 1.0 stores the header length in 2 bytes; longer headers (very high rank) need 2.0's 4 bytes.
        foreach ((byte major, int lengthSize) in new[] { ((byte)1, 2), ((byte)2, 4) })
        {
            int preamble = 8 + lengthSize;
            int unpadded = preamble + dict.Length + 1; // + the terminating newline
            int total = (unpadded + Alignment - 1) / Alignment * Alignment;
            int headerLength = total - preamble;
            if (lengthSize == 2 && headerLength > ushort.MaxValue)
            {
                continue;
            }
            var result = new byte[total];
            Magic.CopyTo(result, 0);
            result[6] = major;
            result[7] = 0;
            if (lengthSize == 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)headerLength);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)headerLength);
            }
            string padded = dict.PadRight(headerLength - 1) + "\n";
            Encoding.Latin1.GetBytes(padded, result.AsSpan(preamble));
            return result;
        }
        throw new ArgumentException("The shape is too long for a .npy header.");
    }

    private static int[] ParseHeader(string header, string fileName)
    {
        var parsed = NpyHeader.Parse(header, fileName);
        if (parsed.Descr != "<f4")
        {
            string hint = parsed.Descr == ">f4" ? " (big-endian float32; convert with arr.astype('<f4'))" : " (only little-endian float32 '<f4' is supported; convert with arr.astype(np.float32))";
            throw new LitDslFormatException(fileName, $"dtype '{parsed.Descr}' is not supported{hint}");
        }
        if (parsed.FortranOrder)
        {
            throw new LitDslFormatException(fileName, "Fortran-order arrays are not supported (save np.ascontiguousarray(arr))");
        }
        return parsed.Shape;
    }
}
