using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Weights;

namespace LitDsl.Runtime.Tests;

/// <summary><see cref="WeightFile"/> tells a checkpoint from a safetensors file by content, whatever the header length.</summary>
public sealed class WeightFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-weightfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0x80, ".safetensors")]  // pickle's PROTO byte
    [InlineData(0x80, ".pth")]
    [InlineData('P', ".bin")]           // the first byte of a zip's 'PK'
    public void A_safetensors_file_is_recognised_whatever_the_first_byte_of_its_header_length(int lowByte, string extension)
    {
        var tensors = new Dictionary<string, FloatTensor> { ["w"] = new([2], [1.5f, -2f]) };
        string path = Path.Combine(_directory, "w" + extension);
        // Pad the metadata until the header length's low byte is the one asked for (the header is padded to 8 bytes).
        for (int padding = 0; ; padding++)
        {
            SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["pad"] = new string('x', padding) });
            byte[] head = File.ReadAllBytes(path);
            if (head[0] == lowByte)
            {
                break;
            }
        }

        using var file = WeightFile.Open(path);

        Assert.Equal(WeightFileFormat.Safetensors, file.Format);
        Assert.Equal([1.5f, -2f], file.Tensors["w"].ReadFloat32().Data);
    }
}
