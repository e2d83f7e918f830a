using System;
using System.IO;

namespace LitDsl.Runtime.Tensors;

/// <summary>Reads a tensor file whole, turning I/O failures into the format error that names the file.</summary>
internal static class TensorFileBytes
{
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LitDslFormatException(path, "cannot be read: " + e.Message, e);
        }
    }
}
