using LitDsl.Runtime.Imaging;
using Xunit.Abstractions;

namespace LitDsl.Runtime.Tests.Imaging;

/// <summary>
/// The reference's evaluation preprocessing (Resize ⌊size/0.875⌋ bicubic → CenterCrop → ToTensor → Normalize) against
/// torchvision + Pillow's tensors for the same files: from our own decode, and from PIL's decoded pixels (which isolates
/// the resize/crop/normalise from the codecs).
/// </summary>
public sealed class EvaluationTransformTests(ITestOutputHelper log)
{
    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var image in ImageFixtures.All)
        {
            foreach (int size in image.Sizes)
            {
                cases.Add(image.File, size);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_and_transform_equal_the_reference(string file, int size)
    {
        var fixture = ImageFixtures.Get(file);
        float[] ours = new EvaluationTransform(size).Apply(ImageDecoder.Decode(ImageFixtures.PathOf(file)));

        AssertEqualToReference(fixture, size, ours, "decoded here");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transform_of_pillows_pixels_equals_the_reference(string file, int size)
    {
        var fixture = ImageFixtures.Get(file);
        var pillowDecoded = new RgbImage(fixture.Width, fixture.Height, ImageFixtures.PillowPixels(fixture));
        float[] ours = new EvaluationTransform(size).Apply(pillowDecoded);

        AssertEqualToReference(fixture, size, ours, "PIL's pixels");
    }

    [Theory]
    [InlineData(224, 256)]
    [InlineData(384, 438)]
    [InlineData(64, 73)]
    [InlineData(96, 109)]
    public void Resizes_the_shorter_side_to_int_256_over_224_times_size(int size, int shorter)
    {
        Assert.Equal(shorter, new EvaluationTransform(size).ResizeShorterSide);
    }

    [Theory]
    [InlineData(720, 477, 386, 256)]   // landscape: long = int(256 * 720 / 477) = int(386.41...)
    [InlineData(477, 720, 256, 386)]   // portrait
    [InlineData(300, 300, 256, 256)]
    [InlineData(83, 117, 256, 360)]    // upscale: int(256 * 117 / 83) = int(360.86...)
    public void Longer_side_follows_torchvision(int width, int height, int resizedWidth, int resizedHeight)
    {
        Assert.Equal((resizedWidth, resizedHeight), new EvaluationTransform(224).ResizedSize(width, height));
    }

    [Fact]
    public void Destination_of_the_wrong_size_is_refused()
    {
        var image = new RgbImage(80, 80, new byte[80 * 80 * 3]);
        Assert.Throws<ArgumentException>(() => new EvaluationTransform(64).Apply(image, new float[3 * 64 * 64 - 1]));
    }

    private void AssertEqualToReference(FixtureImage fixture, int size, float[] ours, string source)
    {
        var expected = ImageFixtures.Expected(fixture, size);
        Assert.Equal(new[] { 3, size, size }, expected.Shape);
        double maxDifference = 0;
        int differing = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double difference = Math.Abs((double)ours[i] - expected.Data[i]);
            maxDifference = Math.Max(maxDifference, difference);
            differing += difference == 0 ? 0 : 1;
        }
        log.WriteLine($"{fixture.File} at {size} ({source}): max |ours - reference| = {maxDifference:E3}, {differing} of {ours.Length} values differ");
        // Exact: same bytes after the resize, and the same three float32 roundings per value.
        Assert.Equal(0, differing);
    }
}
