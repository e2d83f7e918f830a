using System.IO.Compression;
using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using static LitDsl.TestSupport.PickleBytes;

namespace LitDsl.Runtime.Tests.Checkpoints;

/// <summary>
/// Every zip entry the reader takes from a checkpoint is checked against the CRC-32 its directory records, so one
/// altered byte is an error naming the entry, not different weights; and a storage that many tensors view is read once.
/// </summary>
public sealed class CheckpointIntegrityTests
{
    [Fact]
    public void One_flipped_data_byte_is_an_error_naming_the_damaged_entry()
    {
        byte[] file = File.ReadAllBytes(CheckpointFixtures.Path("checkpoint-litv2.pth"));
        (string entry, int offset) = DataOf(file, "checkpoint-litv2/data/10");
        file[offset + 17] ^= 0x04;

        using var checkpoint = PyTorchCheckpoint.Open(new MemoryStream(file), "flipped.pth");
        var damaged = checkpoint.FindStateDict().Tensors.Values.Single(t => t.StorageKey == "10");
        var error = Assert.Throws<LitDslFormatException>(damaged.ReadFloat32);

        Assert.Contains($"entry '{entry}' is damaged: its CRC-32 is", error.Message, StringComparison.Ordinal);
        Assert.Equal("flipped.pth", error.FileName);
    }

    [Fact]
    public void A_flipped_pickle_byte_is_caught_before_the_pickle_runs()
    {
        byte[] file = File.ReadAllBytes(CheckpointFixtures.Path("dtypes.pth"));
        (string entry, int offset) = DataOf(file, "dtypes/data.pkl");
        file[offset + 40] ^= 0x20;

        var error = Assert.Throws<LitDslFormatException>(() => PyTorchCheckpoint.Open(new MemoryStream(file), "flipped.pth"));

        Assert.Contains($"entry '{entry}' is damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intact_checkpoints_read_as_before()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("checkpoint-litv2-train.pth"));

        Assert.All(checkpoint.FindStateDict().Tensors.Values, tensor => tensor.ReadFloat32());
    }

    [Fact]
    public void A_storage_viewed_by_many_tensors_is_read_once()
    {
        const int views = 2000;
        using var checkpoint = PyTorchCheckpoint.Open(Archive(StorageViews(views, views, length: 1, step: 1), ("0", Counting(views))), "shared.pth");

        var tensors = checkpoint.FindStateDict().Tensors;
        float[] values = tensors.Values.Select(t => t.ReadFloat32().Data.Single()).ToArray();

        Assert.Equal(Enumerable.Range(0, views).Select(i => (float)i), values);
        Assert.Equal(1, checkpoint.StorageReads);
    }

    /// <summary>Where the stored (uncompressed) data of <paramref name="name"/> begins in the zip bytes.</summary>
    private static (string Entry, int Offset) DataOf(byte[] file, string name)
    {
        byte[] data;
        using (var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read))
        {
            var entry = zip.GetEntry(name)!;
            Assert.Equal(entry.Length, entry.CompressedLength);
            using var stream = new MemoryStream();
            entry.Open().CopyTo(stream);
            data = stream.ToArray();
        }
        int offset = file.AsSpan().IndexOf(data.AsSpan(0, 64));
        Assert.True(offset > 0);
        return (name, offset);
    }
}
