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
        var fixture = ImageFixtures.Get(file);
        var image = ImageDecoder.Decode(ImageFixtures.PathOf(file));

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

    [Fact]
    public void Sixteen_bit_rgb_keeps_the_high_byte_of_each_sample_as_pillow_does()
    {
        ushort[] samples = [0x0000, 0x00FF, 0x0100, 0x7FFF, 0x8000, 0xFF00, 0xFFFF, 0x1234, 0xABCD];
        byte[] row = samples.SelectMany(s => new[] { (byte)(s >> 8), (byte)s }).ToArray();
        var image = ImageDecoder.Decode(PngBuilder.Image(3, 1, 16, 2, [row]), "rgb16.png");
        Assert.Equal(samples.Select(s => (byte)(s >> 8)), image.Pixels);
    }

    [Fact]
    public void A_gamma_chunk_changes_no_pixel_as_in_pillow()
    {
        // gAMA 1.0 (100000 / 100000): a colour-managed decoder would brighten every mid-tone; PIL ignores it.
        byte[] row = [0, 64, 128, 192, 255, 7];
        byte[] gamma = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(gamma, 100000);
        var image = ImageDecoder.Decode(PngBuilder.Image(2, 1, 8, 2, [row], ("gAMA", gamma)), "gamma.png");
        Assert.Equal(row, image.Pixels);
    }
}
