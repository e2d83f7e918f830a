using System;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// The reference's evaluation preprocessing (LITv2 <c>classification/data/build.py</c>, the DeiT/timm recipe) for a
/// model that takes <see cref="Size"/> × <see cref="Size"/> images:
/// <c>Resize(int(256 / 224 · size), bicubic)</c> on the shorter side → <c>CenterCrop(size)</c> → <c>ToTensor</c> →
/// <c>Normalize(ImageNet mean, std)</c>, computed as torchvision 0.14 and Pillow compute them: the longer side becomes
/// <c>int(short' · long / short)</c>, the resize is <see cref="PillowBicubic"/>, the crop offsets are
/// <c>round((resized − size) / 2)</c> with halves rounded to even (Python's <c>round</c>), and each value is
/// <c>(byte / 255 − mean) / std</c> in float32.
/// </summary>
public sealed class EvaluationTransform
{
    /// <summary>timm's <c>IMAGENET_DEFAULT_MEAN</c> (R, G, B).</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>timm's <c>IMAGENET_DEFAULT_STD</c> (R, G, B).</summary>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>The transform for a model input of <paramref name="size"/> × <paramref name="size"/>.</summary>
    public EvaluationTransform(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        // build.py resizes only images for models above 32 px (CIFAR-sized inputs are used as they are).
        ResizeShorterSide = size > 32 ? (int)(256.0 / 224.0 * size) : null;
    }

    /// <summary>Side of the square output.</summary>
    public int Size { get; }

    /// <summary>What the shorter side is resized to before cropping (⌊size / 0.875⌋), or null when the reference does not resize.</summary>
    public int? ResizeShorterSide { get; }

    /// <summary>Floats written per image: 3 × size × size.</summary>
    public int ElementCount => 3 * Size * Size;

    /// <summary>The size the image is resized to before the crop (torchvision's rule for an int size).</summary>
    public (int Width, int Height) ResizedSize(int width, int height)
    {
        if (ResizeShorterSide is not int shorter)
        {
            return (width, height);
        }
        // torchvision: new_long = int(new_short * long / short), a true (double) division of exact integers.
        if (width <= height)
        {
            return (shorter, (int)((double)((long)shorter * height) / width));
        }
        return ((int)((double)((long)shorter * width) / height), shorter);
    }

    /// <summary>Resizes, crops and normalises <paramref name="image"/> into <paramref name="chw"/> (3 × size × size, C order).</summary>
    public void Apply(RgbImage image, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (chw.Length != ElementCount)
        {
            throw new ArgumentException($"The destination holds {chw.Length} floats; one {Size}×{Size} image takes {ElementCount}.", nameof(chw));
        }
        (int width, int height) = ResizedSize(image.Width, image.Height);
        if (width < Size || height < Size)
        {
            // Only reachable when the reference does not resize (size <= 32); torchvision would pad with zeros here,
            // which no model of this library is evaluated on.
            throw new ArgumentException(
                $"The image is {image.Width}×{image.Height}; a {Size}×{Size} model without resizing needs at least that size.", nameof(image));
        }
        var resized = (width, height) == (image.Width, image.Height) ? image : PillowBicubic.Resize(image, width, height);
        int top = (int)Math.Round((height - Size) / 2.0, MidpointRounding.ToEven);
        int left = (int)Math.Round((width - Size) / 2.0, MidpointRounding.ToEven);

        byte[] pixels = resized.Pixels;
        int plane = Size * Size;
        for (int channel = 0; channel < 3; channel++)
        {
            float mean = ImageNetMean[channel];
            float std = ImageNetStd[channel];
            var output = chw.Slice(channel * plane, plane);
            for (int y = 0; y < Size; y++)
            {
                int row = ((top + y) * width + left) * 3 + channel;
                for (int x = 0; x < Size; x++)
                {
                    // Three float32 roundings, in torch's order: ToTensor's division, then Normalize's sub and div.
                    float value = pixels[row + x * 3] / 255f;
                    output[y * Size + x] = (value - mean) / std;
                }
            }
        }
    }

    /// <summary>Allocates and returns the transformed image (3 × size × size).</summary>
    public float[] Apply(RgbImage image)
    {
        float[] chw = new float[ElementCount];
        Apply(image, chw);
        return chw;
    }
}
