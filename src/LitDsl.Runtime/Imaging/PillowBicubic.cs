using System;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Bicubic resizing exactly as Pillow's <c>Image.resize(size, BICUBIC)</c> computes it for 8-bit images (the resize the
/// reference's torchvision <c>Resize</c> runs on PIL images), so that preprocessing gives the reference's bytes:
/// <list type="bullet">
/// <item>Keys' cubic convolution kernel with a = −0.5, support 2, stretched by the scale factor when shrinking
/// (antialiasing: every source pixel under the output pixel contributes);</item>
/// <item>each output pixel's window is [center − support, center + support] rounded to whole pixels and clipped to the
/// image, its weights normalised to sum 1, then turned into 22-bit fixed point (rounded half away from zero);</item>
/// <item>two separable passes, horizontal then vertical (only when that axis changes size), each accumulating in 32-bit
/// integers from a rounding offset of ½ and clamping to 0…255, so the intermediate image is rounded to bytes.</item>
/// </list>
/// Written from that description of Pillow's algorithm; the golden tests compare it with Pillow's output.
/// </summary>
public static class PillowBicubic
{
    // Pillow's PRECISION_BITS: 32 − 8 (result) − 2 (the kernel's overshoot above 1 and below 0).
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 2.0;

    /// <summary>Resizes <paramref name="image"/> to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == image.Width && height == image.Height)
        {
            return new RgbImage(width, height, (byte[])image.Pixels.Clone());
        }

        var vertical = Kernel.Create(image.Height, height);
        // The vertical pass reads only rows [firstRow, lastRow); the horizontal pass produces just those.
        int firstRow = vertical.Start[0];
        int lastRow = vertical.Start[height - 1] + vertical.Count[height - 1];

        byte[] pixels = image.Pixels;
        int rows = image.Height;
        int rowOffset = 0;
        if (width != image.Width)
        {
            var horizontal = Kernel.Create(image.Width, width);
            pixels = ResampleRows(image.Pixels, image.Width, firstRow, lastRow - firstRow, horizontal, width);
            rows = lastRow - firstRow;
            rowOffset = firstRow;
        }
        if (height != image.Height)
        {
            pixels = ResampleColumns(pixels, width, vertical, height, rowOffset);
            rows = height;
        }
        return new RgbImage(width, rows, pixels);
    }

    private static byte[] ResampleRows(byte[] source, int sourceWidth, int firstRow, int rows, Kernel kernel, int width)
    {
        byte[] target = new byte[rows * width * 3];
        for (int y = 0; y < rows; y++)
        {
            int sourceRow = (firstRow + y) * sourceWidth * 3;
            int targetRow = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                int weights = x * kernel.Size;
                int start = sourceRow + kernel.Start[x] * 3;
                int r = Half, g = Half, b = Half;
                for (int i = 0; i < kernel.Count[x]; i++)
                {
                    int w = kernel.Weights[weights + i];
                    r += source[start + i * 3] * w;
                    g += source[start + i * 3 + 1] * w;
                    b += source[start + i * 3 + 2] * w;
                }
                target[targetRow + x * 3] = ToByte(r);
                target[targetRow + x * 3 + 1] = ToByte(g);
                target[targetRow + x * 3 + 2] = ToByte(b);
            }
        }
        return target;
    }

    /// <param name="rowOffset">Source row 0 of <paramref name="source"/> is image row <paramref name="rowOffset"/>.</param>
    private static byte[] ResampleColumns(byte[] source, int width, Kernel kernel, int height, int rowOffset)
    {
        int stride = width * 3;
        byte[] target = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int weights = y * kernel.Size;
            int start = (kernel.Start[y] - rowOffset) * stride;
            for (int x = 0; x < stride; x++)
            {
                int sum = Half;
                for (int i = 0; i < kernel.Count[y]; i++)
                {
                    sum += source[start + i * stride + x] * kernel.Weights[weights + i];
                }
                target[y * stride + x] = ToByte(sum);
            }
        }
        return target;
    }

    private const int Half = 1 << (PrecisionBits - 1);

    private static byte ToByte(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    private static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0)
        {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /// <summary>Per output pixel: the first source pixel, how many follow, and their fixed-point weights.</summary>
    private sealed class Kernel
    {
        public required int Size { get; init; }
        public required int[] Start { get; init; }
        public required int[] Count { get; init; }
        public required int[] Weights { get; init; }

        public static Kernel Create(int inSize, int outSize)
        {
            // Pillow takes the box edges as C floats; whole pixel sizes are exact in float, so this is in / out.
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = Support * filterScale;
            int size = (int)Math.Ceiling(support) * 2 + 1;
            var start = new int[outSize];
            var count = new int[outSize];
            var weights = new int[outSize * size];
            var k = new double[size];
            // Pillow multiplies by the reciprocal rather than dividing; the last bit can differ, so do the same.
            double inverseScale = 1.0 / filterScale;
            for (int o = 0; o < outSize; o++)
            {
                double center = (o + 0.5) * scale;
                // (int) truncates toward zero as C's cast does; the +0.5 rounds the window edges.
                int min = Math.Max((int)(center - support + 0.5), 0);
                int max = Math.Min((int)(center + support + 0.5), inSize) - min;
                double total = 0;
                for (int i = 0; i < max; i++)
                {
                    k[i] = Cubic((i + min - center + 0.5) * inverseScale);
                    total += k[i];
                }
                for (int i = 0; i < max; i++)
                {
                    double normalized = total != 0.0 ? k[i] / total : k[i];
                    weights[o * size + i] = normalized < 0
                        ? (int)(-0.5 + normalized * (1 << PrecisionBits))
                        : (int)(0.5 + normalized * (1 << PrecisionBits));
                }
                start[o] = min;
                count[o] = max;
            }
            return new Kernel { Size = size, Start = start, Count = count, Weights = weights };
        }
    }
}
