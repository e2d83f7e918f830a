using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Weights;
using static LitDsl.TestSupport.PickleBytes;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// <c>WeightConversion.ToSafetensors</c> streams tensor by tensor, reads a shared storage once, and refuses, before
/// writing anything, an output far larger than its input (thousands of keys viewing one storage).
/// </summary>
public sealed class WeightConversionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-convert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Keys_that_each_view_a_whole_shared_storage_are_refused_with_the_figures_and_nothing_written()
    {
        // 2,000 keys × a 100 KB storage: 204,800,000 bytes of float32 from a file of about 100 KB.
        string input = WriteCheckpoint("bomb.pth", StorageViews(2000, 25_600, length: 25_600, step: 0), 25_600);
        string output = Path.Combine(_directory, "bomb.safetensors");
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<LitDslFormatException>(() => WeightConversion.ToSafetensors(input, output));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long inputBytes = new FileInfo(input).Length;
        Assert.Contains($"its 2,000 floating-point tensors (views of 1 storage) would convert to 204,800,000 bytes of float32 from a file of {inputBytes:N0} bytes, more than the {WeightConversion.MaxOutputBytes(inputBytes):N0}",
            error.Message, StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(input)], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.True(allocated < 16 << 20, $"{allocated:N0} bytes allocated to refuse it");
    }

    [Fact]
    public void Many_views_of_one_storage_convert_with_one_read_of_it()
    {
        // 2,000 views of 32 elements into a 64,000-element storage: read once, not 2,000 times (512 MB).
        const int views = 2000, length = 32;
        string input = WriteCheckpoint("slices.pth", StorageViews(views, views * length, length, step: length), views * length);
        string output = Path.Combine(_directory, "slices.safetensors");
        long before = GC.GetAllocatedBytesForCurrentThread();

        var summary = WeightConversion.ToSafetensors(input, output);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(views, summary.Tensors);
        Assert.True(allocated < 32 << 20, $"{allocated:N0} bytes allocated");
        var tensors = SafetensorsFile.Read(output).Tensors;
        for (int i = 0; i < views; i += 199)
        {
            Assert.Equal(Enumerable.Range(i * length, length).Select(v => (float)v), tensors[$"k{i}"].Data);
        }
    }

    [Fact]
    public void Streaming_keeps_every_value_and_the_size_of_the_in_memory_writer()
    {
        string input = Checkpoints.CheckpointFixtures.Path("dtypes.pth");
        string streamed = Path.Combine(_directory, "streamed.safetensors");
        string whole = Path.Combine(_directory, "whole.safetensors");

        WeightConversion.ToSafetensors(input, streamed);
        using (var file = WeightFile.Open(input))
        {
            var floats = file.Tensors.Where(t => t.Value.DType is TensorDType.Float32 or TensorDType.Float16 or TensorDType.BFloat16 or TensorDType.Float64)
                .ToDictionary(t => t.Key, t => t.Value.ReadFloat32());
            // dtypes.pth shares storages between views, so the streamed file lays out their data storage by storage;
            // the header, and every tensor's values, are the same.
            Assert.Equal(floats.Keys.Order(StringComparer.Ordinal), SafetensorsFile.Read(streamed).Tensors.Keys.Order(StringComparer.Ordinal));
            foreach ((string name, var tensor) in SafetensorsFile.Read(streamed).Tensors)
            {
                Assert.Equal(floats[name].Data, tensor.Data);
            }
            SafetensorsFile.Write(whole, floats, new Dictionary<string, string> { ["format"] = "pt" });
        }
        Assert.Equal(new FileInfo(whole).Length, new FileInfo(streamed).Length);
    }

    private string WriteCheckpoint(string name, byte[] pickle, int storageElements)
    {
        string path = Path.Combine(_directory, name);
        using (var file = File.Create(path))
        {
            Archive(pickle, ("0", Counting(storageElements))).CopyTo(file);
        }
        return path;
    }
}
