using System.Text;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Tests;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-st-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Dictionary<string, FloatTensor> SampleTensors() => new()
    {
        ["layers.0.weight"] = new FloatTensor([2, 3], [1, 2, 3, 4, 5, 6]),
        ["head.bias"] = new FloatTensor([3], [-1, 0, 1]),
        ["scalar"] = new FloatTensor([], [42]),
    };

    [Fact]
    public void Round_trips_tensors_and_metadata()
    {
        string path = Path.Combine(_directory, "w.safetensors");
        SafetensorsFile.Write(path, SampleTensors(), new Dictionary<string, string> { ["format"] = "pt" });
        var content = SafetensorsFile.Read(path);
        Assert.Equal(new[] { "head.bias", "layers.0.weight", "scalar" }, content.Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach ((string name, var expected) in SampleTensors())
        {
            Assert.Equal(expected.Shape, content.Tensors[name].Shape);
            Assert.Equal(expected.Data, content.Tensors[name].Data);
        }
        Assert.Equal("pt", content.Metadata["format"]);
    }

    [Fact]
    public void Writer_is_deterministic_sorted_and_aligned()
    {
        string a = Path.Combine(_directory, "a.safetensors");
        string b = Path.Combine(_directory, "b.safetensors");
        SafetensorsFile.Write(a, SampleTensors());
        SafetensorsFile.Write(b, SampleTensors().Reverse().ToDictionary(kv => kv.Key, kv => kv.Value));
        byte[] bytes = File.ReadAllBytes(a);
        Assert.Equal(bytes, File.ReadAllBytes(b));
        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, (8 + headerLength) % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' ');
        Assert.Equal(
            "{\"head.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}," +
            "\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[12,36]}," +
            "\"scalar\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[36,40]}}",
            header);
    }

    [Theory]
    [InlineData("{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", "dtype F8_E4M3")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", "outside")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12 bytes")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", "not a non-negative integer")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", "outside")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", "no 'data_offsets'")]
    [InlineData("{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "no dtype")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "share data bytes")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "not a string")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{not json", "not valid JSON")]
    public void Rejects_bad_headers_naming_the_file_and_problem(string header, string expected)
    {
        byte[] bytes = Build(header, new byte[8]);
        var error = Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Parse(bytes, "bad.safetensors"));
        Assert.Equal("bad.safetensors", error.FileName);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Rejects_header_lengths_beyond_the_file()
    {
        byte[] bytes = Build("{}", []);
        BitConverter.GetBytes(ulong.MaxValue).CopyTo(bytes, 0);
        Assert.Contains("header claims", Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Parse(bytes, "x")).Message);
        Assert.Contains("too short", Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Parse(new byte[3], "x")).Message);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_a_format_error()
    {
        string path = Path.Combine(_directory, "full.safetensors");
        SafetensorsFile.Write(path, SampleTensors());
        byte[] good = File.ReadAllBytes(path);
        for (int length = 0; length < good.Length; length++)
        {
            Assert.Throws<LitDslFormatException>(() => SafetensorsFile.Parse(good.AsSpan(0, length), "cut"));
        }
    }

    private static byte[] Build(string header, byte[] data)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        return BitConverter.GetBytes((ulong)headerBytes.Length).Concat(headerBytes).Concat(data).ToArray();
    }
}
