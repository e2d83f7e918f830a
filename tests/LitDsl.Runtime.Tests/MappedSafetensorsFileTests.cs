using System.Text;
using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Tests.Checkpoints;

namespace LitDsl.Runtime.Tests;

/// <summary>The memory-mapped .safetensors reader: same tensors as the eager reader, every dtype, lazy and safe.</summary>
public sealed class MappedSafetensorsFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-mst-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("checkpoint-litv2.io.safetensors")]
    [InlineData("dtypes.expected.safetensors")]
    public void Gives_the_same_tensors_as_the_eager_reader(string fixture)
    {
        string path = CheckpointFixtures.Path(fixture);
        var eager = SafetensorsFile.Read(path).Tensors;

        using var mapped = SafetensorsFile.Open(path);

        Assert.Equal(eager.Keys.Order(StringComparer.Ordinal), mapped.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, var tensor) in eager)
        {
            var read = mapped.Tensors[name].ReadFloat32();
            Assert.Equal(tensor.Shape, read.Shape);
            Assert.Equal(tensor.Data, read.Data);
        }
    }

    [Fact]
    public void Converts_half_bfloat16_double_and_integer_dtypes()
    {
        byte[] data =
        [
            .. BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)1.5)), .. BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)(-0.25))),
            .. BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(3.0f) >> 16)),
            .. BitConverter.GetBytes(-7.5),
            .. BitConverter.GetBytes(-42L),
            1,
        ];
        string path = Write("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}," +
                            "\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[4,6]}," +
                            "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[6,14]}," +
                            "\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[14,22]}," +
                            "\"t\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[22,23]}}", data);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(TensorDType.Float16, file.Tensors["h"].DType);
        Assert.Equal([1.5f, -0.25f], file.Tensors["h"].ReadFloat32().Data);
        Assert.Equal([3.0f], file.Tensors["b"].ReadFloat32().Data);
        Assert.Equal([-7.5f], file.Tensors["d"].ReadFloat32().Data);
        Assert.Equal([-42f], file.Tensors["i"].ReadFloat32().Data);
        Assert.Equal([1f], file.Tensors["t"].ReadFloat32().Data);
        Assert.Equal([-42f], SafetensorsFile.Read(path).Tensors["i"].Data);
    }

    [Fact]
    public void Read_maps_large_files_and_gives_what_was_written()
    {
        // Just over the 64 MiB at which Read switches from loading the file whole to mapping it.
        var values = new float[(64 * 1024 * 1024 / sizeof(float)) + 1024];
        for (int i = 0; i < values.Length; i += 4099)
        {
            values[i] = i;
        }
        string path = Path.Combine(_directory, "large.safetensors");
        SafetensorsFile.Write(path, new Dictionary<string, FloatTensor> { ["big"] = new([values.Length], values) });

        var read = SafetensorsFile.Read(path).Tensors["big"];

        Assert.True(new FileInfo(path).Length > 64 * 1024 * 1024);
        Assert.True(values.AsSpan().SequenceEqual(read.Data));
    }

    [Fact]
    public void Reading_after_dispose_is_an_object_disposed_error_not_a_crash()
    {
        string path = CheckpointFixtures.Path("dtypes.expected.safetensors");
        var file = SafetensorsFile.Open(path);
        var tensor = file.Tensors["f32"];
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tensor.ReadFloat32());
    }

    [Fact]
    public void Bad_files_are_format_errors_naming_the_file()
    {
        string empty = Path.Combine(_directory, "empty.safetensors");
        File.WriteAllBytes(empty, []);
        string bad = Write("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);

        var tooShort = Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Open(empty));
        var outside = Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Open(bad));
        var missing = Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Open(Path.Combine(_directory, "none.safetensors")));

        Assert.Contains("too short", tooShort.Message, StringComparison.Ordinal);
        Assert.Equal(empty, tooShort.FileName);
        Assert.Contains("lie outside the 8 data bytes", outside.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    private string Write(string header, byte[] data)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)headerBytes.Length), .. headerBytes, .. data]);
        return path;
    }
}
