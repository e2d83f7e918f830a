using System.Diagnostics;
using System.IO.Compression;
using System.Threading;
using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Tests.Checkpoints;
using Xunit.Abstractions;

namespace LitDsl.Runtime.Tests.Fuzzing;

/// <summary>
/// Mutated real files (torch.save checkpoints, their pickles re-zipped — among them pickles full of objects the reader
/// records inert: a yacs config, AdamW state, a Namespace, numpy scalars, sets — safetensors, numpy .npy) fed to the
/// readers: each case must either read completely (and its saved object survive a recursive walk) or fail with
/// <see cref="LitDslFormatException"/>; any other exception, a case slower than two seconds, the whole run outlasting
/// its budget (a hang), or an allocation out of proportion to the input fails the test. Bit flips in a checkpoint's
/// tensor data must all be caught by the zip's CRC-32. Seeds are fixed, so a failure names a reproducible case.
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261122;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    /// <param name="MustRefuse">When set, every case must be refused with a message holding this text (and flips stay in <paramref name="Hot"/>).</param>
    private sealed record Target(string Name, int Cases, byte[] Original, IReadOnlyList<(int Start, int End)> Hot, Func<byte[], byte[]> Prepare, Action<byte[]> Read,
        string? MustRefuse = null);

    private sealed class Tally
    {
        public int Cases;
        public int Rejected;
        public double SlowestMs;
        public double LargestAllocationRatio;
    }

    [Fact]
    public void Mutated_files_are_read_or_refused_with_the_format_error_only()
    {
        var targets = Targets();
        var tallies = targets.ToDictionary(t => t.Name, _ => new Tally());
        var failures = new List<string>();
        string current = "";
        var clock = Stopwatch.StartNew();

        // A watchdog thread: a hang shows up as the budget running out, with the case that hung named.
        var worker = new Thread(() =>
        {
            int seed = Seed;
            foreach (var target in targets)
            {
                var tally = tallies[target.Name];
                for (int i = 0; i < target.Cases; i++, seed++)
                {
                    byte[] mutated = new Mutator(seed).Mutate(target.Original, target.Hot, out string mutation, flipsOnly: target.MustRefuse is not null);
                    current = $"{target.Name} case {i} (seed {seed}: {mutation})";
                    byte[] input = target.Prepare(mutated);
                    long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    long started = Stopwatch.GetTimestamp();
                    try
                    {
                        target.Read(input);
                        if (target.MustRefuse is not null)
                        {
                            failures.Add($"{current}: read, but every case must be refused");
                        }
                    }
                    catch (LitDslFormatException e)
                    {
                        tally.Rejected++;
                        if (target.MustRefuse is { } expected && !e.Message.Contains(expected, StringComparison.Ordinal))
                        {
                            failures.Add($"{current}: refused with '{e.Message}', not for '{expected}'");
                        }
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{current}: {e.GetType().Name}: {e.Message}");
                    }
                    double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    double ratio = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)Math.Max(input.Length, 64 * 1024);
                    tally.SlowestMs = Math.Max(tally.SlowestMs, ms);
                    tally.LargestAllocationRatio = Math.Max(tally.LargestAllocationRatio, ratio);
                    if (ms > 2000)
                    {
                        failures.Add($"{current}: took {ms:F0} ms");
                    }
                    tally.Cases++;
                }
            }
        }, 16 * 1024 * 1024);
        worker.Start();
        bool finished = worker.Join(Budget);

        Assert.True(finished, $"the fuzzer did not finish in {Budget.TotalSeconds} s; last case: {current}");
        int total = tallies.Values.Sum(t => t.Cases);
        foreach ((string name, var tally) in tallies)
        {
            output.WriteLine($"{name,-20} {tally.Cases,6} cases, {tally.Rejected,6} refused with LitDslFormatException, " +
                             $"{tally.Cases - tally.Rejected,5} read, slowest {tally.SlowestMs,6:F1} ms, allocation <= {tally.LargestAllocationRatio:F1} x input");
        }
        output.WriteLine($"total {total} cases in {clock.Elapsed.TotalSeconds:F1} s, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(total >= 10_000, $"only {total} cases");
        foreach (var target in targets)
        {
            var tally = tallies[target.Name];
            // Both outcomes must occur, or the target exercised nothing (a target that must refuse refuses all).
            Assert.InRange(tally.Rejected, 1, target.MustRefuse is null ? tally.Cases - 1 : tally.Cases);
            Assert.True(tally.LargestAllocationRatio < 16, $"{target.Name}: a case allocated {tally.LargestAllocationRatio:F0} x its input");
        }
    }

    private static List<Target> Targets()
    {
        byte[] small = File.ReadAllBytes(CheckpointFixtures.Path("dtypes.pth"));
        byte[] large = File.ReadAllBytes(CheckpointFixtures.Path("checkpoint-litv2.pth"));
        byte[] safetensors = File.ReadAllBytes(CheckpointFixtures.Path("dtypes.expected.safetensors"));
        byte[] npy = File.ReadAllBytes(CheckpointFixtures.Path("checkpoint-litv2.input.npy"));
        (byte[] pickle, var rest) = SplitPickle(small);
        (byte[] companions, var companionStorages) = SplitPickle(File.ReadAllBytes(CheckpointFixtures.Path("companions.pth")));
        (byte[] companionsP4, var companionP4Storages) = SplitPickle(File.ReadAllBytes(CheckpointFixtures.Path("companions-p4.pth")));
        (byte[] training, var trainingStorages) = SplitPickle(File.ReadAllBytes(CheckpointFixtures.Path("checkpoint-litv2-train.pth")));
        int headerEnd = 8 + (int)BitConverter.ToUInt64(safetensors, 0);
        return
        [
            // Raw bytes of the zip: local headers, the pickle, storages and the central directory at the end.
            new("pth (zip bytes)", 6000, small, [(0, 1700), (small.Length - 1800, small.Length)], b => b, ReadCheckpoint),
            // The pickle mutated and re-zipped, so every case reaches the unpickler past the zip's own checks.
            new("pth (pickle)", 8000, pickle, [(0, pickle.Length)], p => Zip(p, rest), ReadCheckpoint),
            // Pickles of recorded objects: Namespace, numpy scalars and dtype, set, frozenset, torch.Size (protocols 2 and 4),
            // and the reference save_checkpoint's dict (yacs CfgNode, AdamW state, scheduler, amp).
            new("pth (inert, p2)", 4000, companions, [(0, companions.Length)], p => Zip(p, companionStorages), ReadCheckpoint),
            new("pth (inert, p4)", 2000, companionsP4, [(0, companionsP4.Length)], p => Zip(p, companionP4Storages), ReadCheckpoint),
            new("pth (training)", 300, training, [(0, training.Length)], p => Zip(p, trainingStorages), ReadCheckpoint),
            new("pth (full model)", 1000, large, [(0, 12000), (large.Length - 12000, large.Length)], b => b, ReadCheckpoint),
            // Flips in the tensor data itself, past every structural check: only the CRC-32 can catch them.
            new("pth (tensor data)", 1000, large, StorageData(large), b => b, ReadCheckpoint, MustRefuse: "is damaged: its CRC-32 is"),
            new("safetensors", 5000, safetensors, [(0, headerEnd)], b => b, b => ReadAll(SafetensorsFile.Parse(b, "fuzz.safetensors"))),
            new("safetensors (mapped)", 1000, safetensors, [(0, headerEnd)], b => b, ReadMapped),
            new("npy", 3000, npy, [(0, 128)], b => b, b => NpyFile.Parse(b, "fuzz.npy")),
        ];
    }

    private static void ReadCheckpoint(byte[] bytes)
    {
        using var checkpoint = PyTorchCheckpoint.Open(new MemoryStream(bytes), "fuzz.pth");
        // What a caller's recursive walk would do: it must end, within the depth the reader promises.
        Walk(checkpoint.Root, 1);
        foreach (var tensor in checkpoint.FindStateDict().Tensors.Values)
        {
            tensor.ReadFloat32();
        }
    }

    private static void Walk(object? value, int depth)
    {
        var children = value switch
        {
            List<object?> list => list,
            object?[] tuple => tuple,
            PickleDictionary dict => dict.Values,
            PickledObject record => [.. record.Arguments, .. record.KeywordArguments.Values, record.State, .. record.Items, .. record.Entries.Values],
            _ => [],
        };
        foreach (object? child in children)
        {
            Assert.True(depth <= PickleLimits.MaxDepth, $"a value nests {depth} deep");
            Walk(child, depth + 1);
        }
    }

    /// <summary>Where the tensor data of the checkpoint's storages lies in its zip bytes (stored entries of 64 bytes or more).</summary>
    private static List<(int Start, int End)> StorageData(byte[] checkpoint)
    {
        var ranges = new List<(int, int)>();
        using var zip = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries.Where(e => e.FullName.Contains("/data/", StringComparison.Ordinal) && e.Length >= 64))
        {
            using var data = new MemoryStream();
            entry.Open().CopyTo(data);
            int start = checkpoint.AsSpan().IndexOf(data.ToArray().AsSpan(0, 64));
            Assert.True(start > 0 && entry.CompressedLength == entry.Length, entry.FullName);
            ranges.Add((start, start + (int)entry.Length));
        }
        return ranges;
    }

    private static void ReadMapped(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"litdsl-fuzz-{Environment.ProcessId}.safetensors");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var file = SafetensorsFile.Open(path);
            foreach (var tensor in file.Tensors.Values)
            {
                tensor.ReadFloat32();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void ReadAll(SafetensorsContent content) => Assert.NotNull(content.Tensors);

    private static (byte[] Pickle, List<(string Name, byte[] Data)> Entries) SplitPickle(byte[] checkpoint)
    {
        using var zip = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        byte[] pickle = [];
        var rest = new List<(string, byte[])>();
        foreach (var entry in zip.Entries)
        {
            using var data = new MemoryStream();
            entry.Open().CopyTo(data);
            if (entry.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
            {
                pickle = data.ToArray();
            }
            else
            {
                rest.Add((entry.FullName, data.ToArray()));
            }
        }
        return (pickle, rest);
    }

    private static byte[] Zip(byte[] pickle, List<(string Name, byte[] Data)> rest)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // The pickle goes under the archive folder its storages are in (the fixture's name).
            string folder = rest[0].Name[..rest[0].Name.IndexOf('/')];
            foreach ((string name, byte[] data) in rest.Prepend((folder + "/data.pkl", pickle)))
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                stream.Write(data);
            }
        }
        return buffer.ToArray();
    }
}
