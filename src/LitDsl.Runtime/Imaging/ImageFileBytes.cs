using System;
using System.IO;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Reads an image file whole, up to <see cref="MaxBytes"/>: bounded even for a device or pipe that never ends
/// (<c>/dev/zero</c>), with I/O failures turned into the format error that names the file.
/// </summary>
internal static class ImageFileBytes
{
    /// <summary>Largest image file read (far above any photo; a 16384² PNG at 1 bit per pixel is 32 MiB raw).</summary>
    public const int MaxBytes = 256 << 20;

    public static byte[] Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (stream.CanSeek && stream.Length > MaxBytes)
            {
                throw TooLarge(path);
            }
            var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : 0);
            byte[] chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw TooLarge(path);
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new LitDslFormatException(path, "does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LitDslFormatException(path, "cannot be read: " + e.Message, e);
        }
    }

    private static LitDslFormatException TooLarge(string path) =>
        new(path, $"is larger than {MaxBytes >> 20} MiB, more than any image this decoder accepts");
}
