using System.IO.Compression;
using System.Text.Json;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Tests;

public sealed class NpzFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-npz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathFor(string name) => Path.Combine(_directory, name);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "npz", name);

    private static KeyValuePair<string, FloatTensor>[] Arrays() =>
    [
        new("out0", new FloatTensor([1, 2, 3, 2], Enumerable.Range(0, 12).Select(i => i * 0.25f - 1).ToArray())),
        new("out1", new FloatTensor([1, 4], [1e-3f, -7f, float.MaxValue, 0f])),
    ];

    [Theory]
    [InlineData("savez.npz")]
    [InlineData("savez_compressed.npz")]
    public void Reads_what_numpy_writes_in_order(string file)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        var arrays = NpzFile.Read(Fixture(file));
        var reference = expected.RootElement.GetProperty("arrays").EnumerateArray().ToArray();
        Assert.Equal(reference.Select(a => a.GetProperty("name").GetString()), arrays.Select(a => a.Key));
        foreach (var (array, json) in arrays.Zip(reference))
        {
            Assert.Equal(json.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), array.Value.Shape);
            Assert.Equal(json.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()), array.Value.Data);
        }
    }

    [Fact]
    public void Round_trips_named_arrays_in_order_as_numpy_lays_them_out_and_the_same_arrays_give_the_same_bytes()
    {
        string path = PathFor("o.npz"), again = PathFor("again.npz");
        NpzFile.Write(path, Arrays());
        NpzFile.Write(again, Arrays());

        var read = NpzFile.Read(path);
        Assert.Equal(["out0", "out1"], read.Select(a => a.Key));
        Assert.Equal(Arrays()[0].Value.Data, read[0].Value.Data);
        Assert.Equal([1, 4], read[1].Value.Shape);
        using (var zip = ZipFile.OpenRead(path))
            Assert.Equal(["out0.npy", "out1.npy"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a/b", "is a path")]
    [InlineData("..", "is a path")]
    public void Names_that_are_not_plain_are_refused(string name, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => NpzFile.Write(PathFor("x.npz"), [new(name, new FloatTensor([1], [0f]))]));
        Assert.Contains(problem, error.Message);
        Assert.Throws<ArgumentException>(() => NpzFile.Write(PathFor("y.npz"), [Arrays()[0], Arrays()[0]]));
        Assert.False(File.Exists(PathFor("x.npz")));
    }

    [Fact]
    public void Files_that_are_not_npz_archives_of_arrays_are_one_format_error_naming_the_file()
    {
        File.WriteAllBytes(PathFor("not-zip.npz"), [1, 2, 3, 4, 5]);
        Assert.Contains("not a zip archive", Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("not-zip.npz"))).Message);

        Archive("text.npz", ("notes.txt", [65]));
        Assert.Contains("entry 'notes.txt' is not an .npy array", Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("text.npz"))).Message);

        Archive("path.npz", ("dir/out0.npy", Npy()));
        Assert.Contains("is a path", Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("path.npz"))).Message);

        Archive("twice.npz", ("out0.npy", Npy()), ("out0.npy", Npy()));
        Assert.Contains("array 'out0' is stored twice", Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("twice.npz"))).Message);

        Archive("bad-array.npz", ("out0.npy", [0x93, (byte)'N', (byte)'U']));
        var error = Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("bad-array.npz")));
        Assert.Contains("(out0.npy)", error.Message);

        NpzFile.Write(PathFor("whole.npz"), Arrays());
        var bytes = File.ReadAllBytes(PathFor("whole.npz"));
        File.WriteAllBytes(PathFor("truncated.npz"), bytes[..(bytes.Length / 2)]);
        Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("truncated.npz")));
        Assert.Contains("does not exist", Assert.Throws<LitDslFormatException>(() => NpzFile.Read(PathFor("missing.npz"))).Message);
    }

    private static byte[] Npy()
    {
        using var stream = new MemoryStream();
        NpyFile.WriteTo(stream, new FloatTensor([1], [2f]));
        return stream.ToArray();
    }

    private void Archive(string name, params (string Entry, byte[] Bytes)[] entries)
    {
        using var zip = ZipFile.Open(PathFor(name), ZipArchiveMode.Create);
        foreach (var (entry, bytes) in entries)
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(bytes);
        }
    }
}
