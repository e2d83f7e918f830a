using System;

namespace LitDsl.Runtime.Imaging;

/// <summary>An 8-bit RGB image: <see cref="Pixels"/> holds R, G, B per pixel, rows top to bottom, no padding.</summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied); it must hold exactly width × height × 3 bytes.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height * 3 != pixels.Length)
        {
            throw new ArgumentException($"A {width}×{height} RGB image takes {(long)width * height * 3} bytes; got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Interleaved R, G, B bytes, row-major.</summary>
    public byte[] Pixels { get; }
}
