using System.Buffers.Binary;
using LitDsl.Runtime.Imaging;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Tests.Imaging;

/// <summary>
/// Damaged, truncated, empty, foreign and hostile files give one <see cref="LitDslFormatException"/> that names the
/// file: never a native crash, a hang or a huge allocation.
/// </summary>
public sealed class BadImageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-img-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Fixture(string file) => File.ReadAllBytes(ImageFixtures.PathOf(file));

    private static LitDslFormatException Refused(byte[] bytes, string name = "bad-image")
    {
        var error = Assert.Throws<LitDslFormatException>(() => ImageDecoder.Decode(bytes, name));
        Assert.Equal(name, error.FileName);
        Assert.StartsWith(name + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Zero_byte_file_is_refused()
    {
        Assert.Contains("empty", Refused([]).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_formats_are_refused_with_their_first_bytes()
    {
        byte[] gif = "GIF89a\u0001\u0000"u8.ToArray();
        Assert.Equal("is not a JPEG or PNG image (it starts with 4749463839610100)", Refused(gif).Problem);
        Assert.Contains("not a JPEG or PNG", Refused(File.ReadAllBytes(Path.Combine(ImageFixtures.Directory, "expected.json"))).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("portrait.jpg")]
    [InlineData("landscape-444.jpg")]
    [InlineData("landscape.png")]
    [InlineData("palette.png")]
    public void Truncated_files_are_refused_unless_every_pixel_is_there(string file)
    {
        byte[] whole = Fixture(file);
        byte[] complete = ImageDecoder.Decode(whole, file).Pixels;
        // Every length through the headers, every length of the last 64 bytes, and a spread in between.
        var lengths = Enumerable.Range(0, Math.Min(whole.Length, 700))
            .Concat(Enumerable.Range(1, 60).Select(i => i * whole.Length / 64))
            .Concat(Enumerable.Range(whole.Length - 64, 64))
            .Where(n => n >= 0 && n < whole.Length).Distinct();
        int decoded = 0;
        foreach (int length in lengths)
        {
            try
            {
                // A PNG cut inside its final IDAT CRC or IEND still holds every pixel (PIL reads those too); then the
                // image must be exactly the complete one, never a partial picture.
                var image = ImageDecoder.Decode(whole[..length], file);
                Assert.Equal(complete, image.Pixels);
                Assert.True(length >= whole.Length - 24, $"{file} cut to {length} of {whole.Length} bytes decoded");
                decoded++;
            }
            catch (LitDslFormatException error)
            {
                Assert.Equal(file, error.FileName);
                Assert.False(string.IsNullOrWhiteSpace(error.Problem));
            }
        }
        Assert.True(decoded <= 24);
    }

    [Fact]
    public void A_progressive_jpeg_cut_between_scans_is_refused_though_the_codec_alone_decodes_it()
    {
        // Cut just before the last scan: every earlier scan is whole, so the codec fills the image from them and calls
        // it a success. The structure check refuses it for the missing end-of-image marker.
        byte[] whole = Fixture("landscape-444.jpg");
        int lastScan = whole.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xDA });
        Assert.True(whole.AsSpan(0, lastScan).IndexOf(new byte[] { 0xFF, 0xDA }) > 0, "the fixture should be progressive (several scans)");
        byte[] cut = whole[..lastScan];

        using (var codec = SkiaSharp.SKCodec.Create(SkiaSharp.SKData.CreateCopy(cut)))
        {
            var info = new SkiaSharp.SKImageInfo(codec.Info.Width, codec.Info.Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Unpremul);
            Assert.Equal(SkiaSharp.SKCodecResult.Success, codec.GetPixels(info, new byte[info.BytesSize]));
        }
        Assert.Equal("JPEG data is truncated: the file ends before its end-of-image marker", Refused(cut).Problem);
    }

    [Fact]
    public void Jpeg_with_bytes_where_a_marker_should_be_is_refused()
    {
        // libjpeg skips such bytes with a warning ("extraneous bytes before marker") and decodes what follows.
        byte[] whole = Fixture("portrait.jpg");
        int secondSegment = 4 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(whole.AsSpan(4));
        byte[] damaged = [.. whole[..secondSegment], 0x12, 0x34, .. whole[secondSegment..]];
        Assert.Equal($"JPEG data is damaged: byte {secondSegment} should start a marker", Refused(damaged).Problem);
    }

    [Fact]
    public void Cmyk_and_12_bit_jpegs_are_refused_by_their_frame_header()
    {
        byte[] cmyk = WithFrameByte(Fixture("gray.jpg"), offset: 5, value: 4);
        Assert.Equal("is a CMYK JPEG; only grayscale and RGB (YCbCr) JPEGs are supported", Refused(cmyk).Problem);
        byte[] twelveBit = WithFrameByte(Fixture("portrait.jpg"), offset: 0, value: 12);
        Assert.Equal("is a 12-bit JPEG; only 8-bit JPEGs are supported", Refused(twelveBit).Problem);
    }

    [Theory]
    [InlineData("portrait.jpg", 1)]
    [InlineData("landscape-444.jpg", 2)]
    [InlineData("gray.jpg", 3)]
    [InlineData("landscape.png", 4)]
    [InlineData("alpha.png", 5)]
    [InlineData("palette.png", 6)]
    public void Mutated_files_decode_or_fail_cleanly(string file, int seed)
    {
        // Random byte overwrites, insertions and deletions, 200 variants per file: each either decodes to a plausible
        // image (damage a codec cannot see, e.g. in pixel data of a PNG whose CRC happens to be skipped) or is refused
        // with the typed error. A crash, hang or other exception type fails the test run.
        byte[] whole = Fixture(file);
        var random = new Random(seed);
        int refused = 0;
        for (int variant = 0; variant < 200; variant++)
        {
            byte[] mutated = Mutate(whole, random);
            try
            {
                var image = ImageDecoder.Decode(mutated, file);
                Assert.True(image.Width <= ImageLimits.MaxSide && image.Height <= ImageLimits.MaxSide);
            }
            catch (LitDslFormatException error)
            {
                Assert.Equal(file, error.FileName);
                refused++;
            }
        }
        Assert.True(refused > 0, "no mutation was detected at all");
    }

    [Fact]
    public void Png_header_claiming_huge_dimensions_is_refused_before_allocating()
    {
        string problem = Refused(PngWithHeader(100_000, 100_000)).Problem;
        Assert.Contains("100000×100000", problem, StringComparison.Ordinal);
        Assert.Contains("16384", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_header_claiming_more_pixels_than_the_file_can_hold_is_refused()
    {
        // 16000 × 16000 is within the side limit, but a few hundred bytes cannot encode 256 million pixels.
        Assert.Contains("more than a", Refused(PngWithHeader(16_000, 16_000)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Jpeg_header_claiming_huge_dimensions_is_refused_before_allocating()
    {
        string problem = Refused(JpegWithSize(Fixture("portrait.jpg"), 60_000, 50_000)).Problem;
        Assert.Contains("60000×50000", problem, StringComparison.Ordinal);
        Assert.Contains("16384", Refused(JpegWithSize(Fixture("portrait.jpg"), 20_000, 100)).Problem, StringComparison.Ordinal);
        Assert.Contains("more than a", Refused(JpegWithSize(Fixture("portrait.jpg"), 16_000, 16_000)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_cannot_be_read_name_the_path()
    {
        string missing = Path.Combine(_directory, "missing.jpg");
        var error = Assert.Throws<LitDslFormatException>(() => ImageDecoder.Decode(missing));
        Assert.Equal($"{missing}: does not exist", error.Message);

        error = Assert.Throws<LitDslFormatException>(() => ImageDecoder.Decode(_directory));
        Assert.Equal(_directory, error.FileName);

        string empty = Path.Combine(_directory, "empty.png");
        File.WriteAllBytes(empty, []);
        Assert.Equal($"{empty}: is empty (0 bytes), not an image", Assert.Throws<LitDslFormatException>(() => ImageDecoder.Decode(empty)).Message);
    }

    [Fact]
    public void An_endless_device_is_cut_off_at_the_size_limit()
    {
        // Linux-only, like the codecs themselves (the test machines are Debian).
        var error = Assert.Throws<LitDslFormatException>(() => ImageDecoder.Decode("/dev/zero"));
        Assert.Contains("larger than 256 MiB", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            // Bias the position towards the start, where headers and tables live.
            int position = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Count, 400)) : random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[position] = (byte)random.Next(256); break;
                case 1: bytes[position] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.Insert(position, (byte)random.Next(256)); break;
                default: bytes.RemoveAt(position); break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>A PNG signature and a valid IHDR (8-bit RGB) for the given size, then an empty IDAT and IEND.</summary>
    private static byte[] PngWithHeader(uint width, uint height) => PngBuilder.Image(width, height, 8, 2, []);

    /// <summary>The JPEG with one byte of its SOF0/SOF2 frame header (after the length) set to <paramref name="value"/>.</summary>
    private static byte[] WithFrameByte(byte[] jpeg, int offset, byte value)
    {
        byte[] copy = (byte[])jpeg.Clone();
        copy[FrameHeader(copy) + 4 + offset] = value;
        return copy;
    }

    private static int FrameHeader(byte[] jpeg)
    {
        for (int i = 2; i + 9 < jpeg.Length;)
        {
            Assert.Equal(0xFF, jpeg[i]);
            if (jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                return i;
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        throw new InvalidOperationException("no SOF marker");
    }

    /// <summary>The JPEG with its SOF0/SOF2 frame header's height and width rewritten.</summary>
    private static byte[] JpegWithSize(byte[] jpeg, ushort width, ushort height)
    {
        byte[] copy = (byte[])jpeg.Clone();
        for (int i = 2; i + 9 < copy.Length;)
        {
            Assert.Equal(0xFF, copy[i]);
            byte marker = copy[i + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(i + 2));
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), width);
                return copy;
            }
            i += 2 + length;
        }
        throw new InvalidOperationException("no SOF marker");
    }
}
