using LitDsl.Runtime.Imaging;
using Xunit.Abstractions;

namespace LitDsl.Runtime.Tests.Imaging;

/// <summary>JPEG and PNG decoding through SkiaSharp, compared with PIL's <c>convert("RGB")</c> of the same files.</summary>
public sealed class ImageDecoderTests(ITestOutputHelper log)
{
    public static TheoryData<string> Files() => new(ImageFixtures.All.Select(i => i.File));

    [Theory]
    [MemberData(nameof(Files))]
    public void Decodes_every_fixture_as_pillow_does(string file)
    {
        FixtureImage fixture = ImageFixtures.Get(file);
        RgbImage image = ImageDecoder.Decode(ImageFixtures.PathOf(file));

        Assert.Equal((fixture.Width, fixture.Height), (image.Width, image.Height));
        byte[] pillow = ImageFixtures.PillowPixels(fixture);
        int maxDifference = 0, differing = 0;
        for (int i = 0; i < pillow.Length; i++)
        {
            int difference = Math.Abs(image.Pixels[i] - pillow[i]);
            maxDifference = Math.Max(maxDifference, difference);
            differing += difference == 0 ? 0 : 1;
        }
        log.WriteLine($"{file} ({fixture.PillowMode}): max |ours - PIL| = {maxDifference}, {differing} of {pillow.Length} bytes differ");
        Assert.Equal(0, maxDifference);
    }
}
