using System.Text;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Tests;

public sealed class NpyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-npy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathFor(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new[] { 0, 5 })]
    public void Round_trips_any_shape(int[] shape)
    {
        long count = FloatTensor.ElementCount(shape);
        var tensor = new FloatTensor(shape, Enumerable.Range(0, (int)count).Select(i => i * 1.5f - 2f).ToArray());
        string path = PathFor("t.npy");
        NpyFile.Write(path, tensor);
        var read = NpyFile.Read(path);
        Assert.Equal(shape, read.Shape);
        Assert.Equal(tensor.Data, read.Data);
        Assert.Equal(0, (new FileInfo(path).Length - count * 4) % 64);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void Writes_the_header_numpy_writes()
    {
        string path = PathFor("h.npy");
        NpyFile.Write(path, new FloatTensor([2, 3], new float[6]));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        string header = Encoding.ASCII.GetString(bytes, 10, BitConverter.ToUInt16(bytes, 8));
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
    }

    [Fact]
    public void Reads_version_2_headers()
    {
        byte[] v1 = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [1f, 2f], major: 2);
        var tensor = NpyFile.Parse(v1, "v2.npy");
        Assert.Equal(new[] { 1f, 2f }, tensor.Data);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", "dtype '<f8'")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "big-endian")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "Fortran-order")]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "lacks")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "shape entry '-2'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "needs 3 float32 values")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536), }", "needs")]
    [InlineData("not a dict", "not a Python dict")]
    public void Rejects_bad_headers_naming_the_file_and_problem(string header, string expected)
    {
        byte[] bytes = Build(header, [1f, 2f]);
        var error = Assert.Throws<LitDslFormatException>(() => NpyFile.Parse(bytes, "bad.npy"));
        Assert.Equal("bad.npy", error.FileName);
        Assert.StartsWith("bad.npy: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Rejects_missing_magic_unknown_versions_and_truncation()
    {
        Assert.Contains("magic", Assert.Throws<LitDslFormatException>(() => NpyFile.Parse("hello world"u8, "x.npy")).Message);
        byte[] v3 = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [1f, 2f], major: 3);
        Assert.Contains("version 3.0", Assert.Throws<LitDslFormatException>(() => NpyFile.Parse(v3, "x.npy")).Message);
        byte[] good = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [1f, 2f]);
        Assert.Contains("header claims", Assert.Throws<LitDslFormatException>(() => NpyFile.Parse(good.AsSpan(0, 20), "x.npy")).Message);
        Assert.Contains("data bytes", Assert.Throws<LitDslFormatException>(() => NpyFile.Parse(good.AsSpan(0, good.Length - 1), "x.npy")).Message);
    }

    [Theory]
    [InlineData("{'a': \"'fortran_order': False\", 'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "header has the key 'a'")]
    [InlineData("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", "header gives 'descr' twice")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'fortran_order': True, 'shape': (2,), }", "header gives 'fortran_order' twice")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (1,)}", "header gives 'shape' twice")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", "'shape' is a parenthesised integer, not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "expects True or False for 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': Falsey, 'shape': (2,), }", "expects True or False for 'fortran_order'")]
    [InlineData("{'descr': ('<f4',), 'fortran_order': False, 'shape': (2,), }", "expects a string for 'descr'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", "header expects '('")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (02,), }", "shape entry '02'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,), }", "shape entry '2.0'")]
    [InlineData("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2,), }", "escape sequence")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }", "header expects ',' or '}'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", "text after its closing '}'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), ", "header ends early")]
    public void The_header_is_read_as_the_dict_literal_numpy_reads_or_refused(string header, string expected)
    {
        byte[] bytes = Build(header, [1f, 2f]);

        var error = Assert.Throws<LitDslFormatException>(() => NpyFile.Parse(bytes, "bad.npy"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{\"shape\": (2, ), \"fortran_order\": False, \"descr\": \"<f4\"}")]
    [InlineData("  {'descr':'<f4','fortran_order':False,'shape':(2,)}   ")]
    [InlineData("{'descr': '<f4',\n 'fortran_order': False,\n 'shape': (\n2,\n)\n}")]
    public void Any_spelling_of_the_same_dict_reads(string header)
    {
        Assert.Equal([1f, 2f], NpyFile.Parse(Build(header, [1f, 2f]), "ok.npy").Data);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_a_format_error()
    {
        byte[] good = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", [1f, 2f, 3f, 4f]);
        for (int length = 0; length < good.Length; length++)
        {
            Assert.Throws<LitDslFormatException>(() => NpyFile.Parse(good.AsSpan(0, length), "cut.npy"));
        }
    }

    [Fact]
    public void Missing_file_is_a_format_error_naming_it()
    {
        string path = PathFor("absent.npy");
        Assert.Equal(path, Assert.Throws<LitDslFormatException>(() => NpyFile.Read(path)).FileName);
    }

    private static byte[] Build(string header, float[] data, byte major = 1)
    {
        int lengthSize = major == 1 ? 2 : 4;
        byte[] headerBytes = Encoding.ASCII.GetBytes(header + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        bytes.AddRange(lengthSize == 2 ? BitConverter.GetBytes((ushort)headerBytes.Length) : BitConverter.GetBytes((uint)headerBytes.Length));
        bytes.AddRange(headerBytes);
        foreach (float f in data)
        {
            bytes.AddRange(BitConverter.GetBytes(f));
        }
        return bytes.ToArray();
    }
}
