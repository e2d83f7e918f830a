using System.Runtime.InteropServices;
using System.Text;

namespace LitDsl.Runtime.Imaging.Native;

/// <summary>
/// libpng's <c>png_image</c> (simplified API, <c>PNG_IMAGE_VERSION</c> 1), field for field: a pointer, seven
/// <c>png_uint_32</c> and a 64-byte message; 104 bytes on 64-bit ABIs. libpng keeps a pointer to this struct (its error
/// callbacks write <see cref="Message"/>), so it must not move: <see cref="PngImageHandle"/> keeps it in native memory.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PngImage
{
    /// <summary><c>PNG_IMAGE_VERSION</c>.</summary>
    public const uint CurrentVersion = 1;

    /// <summary><c>PNG_IMAGE_WARNING</c>, the low bits of <see cref="WarningOrError"/>.</summary>
    public const uint Warning = 1;

    /// <summary><c>PNG_FORMAT_FLAG_ALPHA</c>.</summary>
    public const uint FormatFlagAlpha = 0x01;

    /// <summary><c>PNG_FORMAT_RGB</c> (= <c>PNG_FORMAT_FLAG_COLOR</c>): 8-bit sRGB R, G, B.</summary>
    public const uint FormatRgb = 0x02;

    /// <summary><c>PNG_FORMAT_RGBA</c>: 8-bit sRGB R, G, B and straight (not premultiplied) alpha.</summary>
    public const uint FormatRgba = 0x03;

    /// <summary>
    /// <c>PNG_IMAGE_FLAG_16BIT_sRGB</c>: read 16-bit samples without gAMA/sRGB chunks as sRGB-encoded, not linear (PIL
    /// applies no gamma either). Settable only after <c>png_image_begin_read_*</c>, which resets the flags.
    /// </summary>
    public const uint Flag16BitSrgb = 0x04;

    public nint Opaque;
    public uint Version;
    public uint Width;
    public uint Height;
    public uint Format;
    public uint Flags;
    public uint ColormapEntries;
    public uint WarningOrError;
    public fixed byte Message[64];

    /// <summary>The NUL-terminated <c>message</c> libpng left, or empty.</summary>
    public readonly string MessageText()
    {
        fixed (byte* text = Message)
        {
            int length = 0;
            while (length < 64 && text[length] != 0)
            {
                length++;
            }
            return Encoding.UTF8.GetString(text, length);
        }
    }
}
