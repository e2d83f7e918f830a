using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using Xunit.Abstractions;
using static LitDsl.TestSupport.PickleBytes;

namespace LitDsl.Runtime.Tests.Checkpoints;

/// <summary>
/// Pickle bombs — memo and DUP blow-ups, lists nested past any stack, values that contain themselves, lengths that
/// claim more than the file holds, sheer counts — are refused by <see cref="PickleLimits"/> with the limit's name, in
/// bounded time and memory; objects just inside the limits load.
/// </summary>
public sealed class PickleLimitTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(PickleLimits.MaxDepth + 1)]
    [InlineData(1_000_000)]
    public void Lists_nested_past_the_depth_limit_are_refused_without_recursion(int depth)
    {
        byte[] pickle = Pickle(Repeat((byte)']', depth), Repeat((byte)'a', depth - 1));

        var error = Assert.Throws<LitDslFormatException>(() => Open(pickle));

        Assert.Contains($"nests more than {PickleLimits.MaxDepth} deep (PickleLimits.MaxDepth)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_nested_to_the_depth_limit_load()
    {
        byte[] pickle = Pickle(Repeat((byte)']', PickleLimits.MaxDepth), Repeat((byte)'a', PickleLimits.MaxDepth - 1));

        using var checkpoint = Open(pickle);

        object? value = checkpoint.Root;
        int depth = 0;
        while (value is List<object?> list)
        {
            depth++;
            value = list.SingleOrDefault();
        }
        Assert.Equal(PickleLimits.MaxDepth, depth);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("dict")]
    [InlineData("record")]
    public void A_value_that_contains_itself_is_refused(string kind)
    {
        byte[] pickle = kind switch
        {
            "list" => Pickle([(byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a']),
            "dict" => Pickle([(byte)'}', (byte)'q', 0, (byte)'K', 1, (byte)']', (byte)'h', 0, (byte)'a', (byte)'s']),
            _ => Pickle(Global("mod", "Thing"), ")"u8.ToArray(), [0x81, (byte)'q', 0, (byte)'h', 0, (byte)'b']),
        };

        var error = Assert.Throws<LitDslFormatException>(() => Open(pickle));

        Assert.Contains("contains itself (a reference cycle)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_memo_blow_up_is_refused_by_its_unfolded_size()
    {
        // L0 = []; Ln = [Ln-1, Ln-1]: 60 levels, 2^60 values unfolded from 61 lists.
        var body = new List<byte> { (byte)']', (byte)'q', 0, (byte)'0' };
        for (byte level = 1; level <= 60; level++)
        {
            body.AddRange([(byte)'(', (byte)'h', (byte)(level - 1), (byte)'h', (byte)(level - 1), (byte)'l', (byte)'q', level, (byte)'0']);
        }
        body.AddRange([(byte)'h', 60]);

        var error = Assert.Throws<LitDslFormatException>(() => Open(Pickle(body.ToArray())));

        Assert.Contains($"unfolded, holds more than {PickleLimits.MaxValues} values (PickleLimits.MaxValues", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dup")]
    [InlineData("memo")]
    [InlineData("marks")]
    [InlineData("dicts")]
    public void More_values_than_the_limit_are_refused_in_bounded_memory(string kind)
    {
        int count = PickleLimits.MaxValues + 10;
        byte[] pickle = kind switch
        {
            "dup" => Pickle("N"u8.ToArray(), Repeat((byte)'2', count)),
            "memo" => Pickle("Nq\x00"u8.ToArray(), Enumerable.Repeat("h\x00"u8.ToArray(), count).SelectMany(b => b).ToArray()),
            "marks" => Pickle(Repeat((byte)'(', count)),
            _ => Pickle("("u8.ToArray(), Repeat((byte)'}', count), "l"u8.ToArray()),
        };
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<LitDslFormatException>(() => Open(pickle));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{kind}: {pickle.Length:N0}-byte pickle, {allocated:N0} bytes allocated before the refusal");
        Assert.Contains($"makes more than {PickleLimits.MaxValues} values (PickleLimits.MaxValues)", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1L << 30, $"{allocated:N0} bytes allocated");
    }

    [Theory]
    [InlineData(new byte[] { 0x8d, 0, 0, 0, 0, 0, 0, 0, 0x80 }, "a length of 9223372036854775808 bytes runs past the end")]
    [InlineData(new byte[] { 0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, "a length of 18446744073709551615 bytes runs past the end")]
    [InlineData(new byte[] { 0x8b, 0xff, 0xff, 0xff, 0x7f }, "a length of 2147483647 bytes runs past the end")]
    [InlineData(new byte[] { (byte)'B', 0, 0, 0, 0x40 }, "a length of 1073741824 bytes runs past the end")]
    public void Declared_lengths_past_the_end_are_refused_before_allocating(byte[] instruction, string expected)
    {
        var error = Assert.Throws<LitDslFormatException>(() => Open(Pickle(instruction)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_larger_than_the_limit_is_refused_before_it_runs()
    {
        var unpickler = new RestrictedUnpickler(new byte[PickleLimits.MaxPickleBytes + 1], "big.pth", "archive/data.pkl", (_, _) => throw new InvalidOperationException());

        var error = Assert.Throws<LitDslFormatException>(unpickler.Load);

        Assert.Contains($"LitDsl reads pickles of at most {PickleLimits.MaxPickleBytes} bytes (PickleLimits.MaxPickleBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_pickle_entry_larger_than_the_limit_is_refused_unread()
    {
        var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var pickle = archive.CreateEntry("archive/data.pkl", System.IO.Compression.CompressionLevel.Fastest).Open();
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) pickle.Write(zeros);
            pickle.WriteByte(0);
        }
        zip.Position = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<LitDslFormatException>(() => PyTorchCheckpoint.Open(zip, "deflated.pth"));

        Assert.Contains($"archive/data.pkl is a pickle of {PickleLimits.MaxPickleBytes + 1} bytes; LitDsl reads pickles of at most", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20);
    }

    private static PyTorchCheckpoint Open(byte[] pickle) => PyTorchCheckpoint.Open(Archive(pickle), "bomb.pth");

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();
}
