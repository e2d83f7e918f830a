using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LitDsl.Runtime.Tensors;
using LitDsl.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace LitDsl.Cli.Tests;

/// <summary>
/// The command line on hostile invocations — special files where files belong, an output that is an input, a flipped
/// checkpoint byte, a storage bomb, a decoy .npy header, a batch that does not fit memory, a repository folder that is
/// a file: each is one <c>error:</c>
/// line on stderr with exit code 1 or 2, no stack trace, nothing blocking, and no file written, replaced or left behind.
/// </summary>
public sealed class HostileInvocationTests(ITestOutputHelper log)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);

    // Placeholders, replaced by files made fresh for each row in its own folder:
    // $X an input .npy, $W a .pth, $ST a .safetensors, $FIFO a named pipe ($PIPE one named *.safetensors), $DEV a
    // character device (1, 3), $DIR a
    // folder, $LINK a symbolic link to $TARGET, $HARD a hard link to $W, $FLIPPED $W with one data byte flipped,
    // $BOMB 2,000 keys each viewing the whole of one 100 KB storage, $DECOY and $DUPLICATE .npy files whose headers
    // the regular expressions misread, $NEW an output path that does not exist, $TAKEN a folder holding a file named
    // checkpoint-litv2 (where a repository would put that model's folder).
    [Theory]
    [InlineData(1, "--input $FIFO: is a FIFO (named pipe), not a regular file", "run", "checkpoint-litv2", "-i", "$FIFO", "-o", "$NEW")]
    [InlineData(1, "--weights $FIFO: is a FIFO (named pipe)", "run", "checkpoint-litv2", "-i", "$X", "-o", "$NEW", "--weights", "$FIFO")]
    [InlineData(1, "--input /dev/zero: is a character device, not a regular file", "run", "checkpoint-litv2", "-i", "/dev/zero", "-o", "$NEW")]
    [InlineData(1, "--input $DIR: is a directory, not a regular file", "run", "checkpoint-litv2", "-i", "$DIR", "-o", "$NEW")]
    [InlineData(1, "--weights $DEV: is a character device", "export", "checkpoint-litv2", "-o", "$NEW", "--weights", "$DEV")]
    [InlineData(2, "--output $FIFO: is a FIFO (named pipe); an output must be a regular file", "run", "checkpoint-litv2", "-i", "$X", "-o", "$FIFO")]
    [InlineData(2, "--output $DEV: is a character device; an output must be a regular file", "export", "checkpoint-litv2", "-o", "$DEV")]
    [InlineData(2, "--output $DIR: is a directory", "export", "checkpoint-litv2", "-o", "$DIR")]
    [InlineData(2, "--output $LINK: is a symbolic link (to $TARGET)", "run", "checkpoint-litv2", "-i", "$X", "-o", "$LINK")]
    [InlineData(2, "--output $W is the same file as --weights $W", "export", "checkpoint-litv2", "-o", "$W", "--weights", "$W")]
    [InlineData(2, "--output $W is the same file as --weights $W", "run", "checkpoint-litv2", "-i", "$X", "-o", "$W", "--weights", "$W")]
    [InlineData(2, "--output $HARD is the same file as --weights $W", "run", "checkpoint-litv2", "-i", "$X", "-o", "$HARD", "--weights", "$W")]
    [InlineData(2, "--output $X is the same file as --input $X", "run", "checkpoint-litv2", "-i", "$X", "-o", "$X")]
    [InlineData(2, "output $ST is the same file as input $ST", "convert", "$ST", "$ST")]
    [InlineData(2, "output $PIPE: is a FIFO", "convert", "$W", "$PIPE")]
    [InlineData(1, "input $FIFO: is a FIFO", "convert", "$FIFO", "$NEW.safetensors")]
    [InlineData(1, "would convert to 204,800,000 bytes of float32 from a file of", "convert", "$BOMB", "$NEW.safetensors")]
    [InlineData(1, "is damaged: its CRC-32 is", "run", "checkpoint-litv2", "-i", "$X", "-o", "$NEW", "--weights", "$FLIPPED")]
    [InlineData(1, "is damaged: its CRC-32 is", "convert", "$FLIPPED", "$NEW.safetensors")]
    [InlineData(1, "header has the key 'a'", "run", "checkpoint-litv2", "-i", "$DECOY", "-o", "$NEW")]
    [InlineData(1, "header gives 'descr' twice", "run", "checkpoint-litv2", "-i", "$DUPLICATE", "-o", "$NEW")]
    [InlineData(2, "--batch 1000000 is too large for litv2-s: its input would hold 150,528,000,000 values", "bench", "litv2-s", "--batch", "1000000")]
    [InlineData(2, "--batch 20000 is too large for litv2-s: its input would hold 3,010,560,000 values", "bench", "litv2-s", "--batch", "20000")]
    [InlineData(2, "--batch 2147483647 is too large for hilo-demo", "bench", "hilo-demo", "--batch", "2147483647")]
    [InlineData(1, "--baseline $FIFO: is a FIFO", "bench", "checkpoint-litv2", "--baseline", "$FIFO", "--seconds", "0")]
    [InlineData(1, "--baseline $DIR: is a directory", "bench", "checkpoint-litv2", "--baseline", "$DIR", "--seconds", "0")]
    [InlineData(1, "--weights $FIFO: is a FIFO", "classify", "litv2-s", "--weights", "$FIFO", "$X")]
    [InlineData(1, "$FIFO: is a FIFO (named pipe), not a regular file", "classify", "checkpoint-litv2", "--weights", "$W", "$FIFO")]
    [InlineData(1, "file $FIFO: is a FIFO", "inspect", "$FIFO")]
    [InlineData(1, "file /dev/zero: is a character device", "inspect", "/dev/zero")]
    [InlineData(1, "file $DIR: is a directory", "inspect", "$DIR")]
    [InlineData(2, "no model named 'no-such-model'; known models:", "triton", "no-such-model", "-o", "$NEW")]
    [InlineData(2, "--max-batch must be 1 or more", "triton", "checkpoint-litv2", "-o", "$NEW", "--max-batch", "0")]
    [InlineData(2, "'many'", "triton", "checkpoint-litv2", "-o", "$NEW", "--max-batch", "many")]
    [InlineData(2, "--max-batch 20000 is too large for litv2-s: a full batch's input would hold 3,010,560,000 values", "triton", "litv2-s", "-o", "$NEW", "--max-batch", "20000")]
    [InlineData(2, "--instances must be 1 or more", "triton", "checkpoint-litv2", "-o", "$NEW", "--instances", "0")]
    [InlineData(2, "'tpu'", "triton", "checkpoint-litv2", "-o", "$NEW", "--kind", "tpu")]
    [InlineData(2, "--fp16 configures TensorRT, which CPU instances (--kind cpu) do not use", "triton", "checkpoint-litv2", "-o", "$NEW", "--kind", "cpu", "--fp16")]
    [InlineData(2, "--engine-cache configures TensorRT", "triton", "checkpoint-litv2", "-o", "$NEW", "--kind", "cpu", "--engine-cache", "/cache")]
    [InlineData(2, "checkpoint-litv2 is named twice", "triton", "checkpoint-litv2", "checkpoint-litv2", "-o", "$NEW")]
    [InlineData(2, "--weights fits one model", "triton", "checkpoint-litv2", "hilo-demo", "-o", "$NEW", "--weights", "$W")]
    [InlineData(2, "--profile-size must be three sizes", "triton", "tiny-backbone", "-o", "$NEW", "--profile-size", "64x64:96x96")]
    [InlineData(2, "--output $W: is a regular file; an output folder must be a folder or a new name", "triton", "checkpoint-litv2", "-o", "$W", "--weights", "$W")]
    [InlineData(2, "--output $FIFO: is a FIFO (named pipe); an output folder", "triton", "checkpoint-litv2", "-o", "$FIFO")]
    [InlineData(2, "--output $X/repo: cannot be created: $X is a regular file", "triton", "checkpoint-litv2", "-o", "$X/repo")]
    [InlineData(2, "--output $TAKEN/checkpoint-litv2: is a regular file", "triton", "checkpoint-litv2", "-o", "$TAKEN")]
    [InlineData(1, "--weights $FIFO: is a FIFO", "triton", "checkpoint-litv2", "-o", "$NEW", "--weights", "$FIFO")]
    [InlineData(1, "is damaged: its CRC-32 is", "triton", "checkpoint-litv2", "-o", "$NEW", "--weights", "$FLIPPED")]
    [InlineData(2, "tiny-backbone has 4 outputs (out0, out1, out2, out3); write them to an .npz file", "run", "tiny-backbone", "-i", "$X", "-o", "$NEW")]
    [InlineData(2, "--size 100000x64: tiny-backbone takes inputs of 29 to 8192 px a side", "bench", "tiny-backbone", "--size", "100000x64")]
    [InlineData(2, "--size must be HEIGHTxWIDTH in pixels, such as 800x1333, not '0x5'", "export", "tiny-backbone", "--size", "0x5", "-o", "$NEW")]
    [InlineData(2, "--batch 4 is too large for litv2-b-backbone: its output would hold 2,147,483,648 values", "bench", "litv2-b-backbone", "--size", "8192x8192", "--batch", "4")]
    public void Each_is_one_error_line_and_leaves_every_file_as_it_was(int exitCode, string expected, params string[] args)
    {
        using var temp = new TempDirectory();
        var files = Prepare(temp);
        string[] invocation = args.Select(a => Expand(a, files)).ToArray();
        var before = Snapshot(temp.Path);

        var result = SpecialFiles.Within(() => CliResult.Of(invocation), files["$FIFO"], files["$PIPE"]);

        log.WriteLine(result.Error);
        Assert.Equal(exitCode, result.ExitCode);
        string line = Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(Expand(expected, files), line, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`]+\(|Exception", line);
        Assert.Equal(before, Snapshot(temp.Path));
    }

    private static Dictionary<string, string> Prepare(TempDirectory temp)
    {
        var files = new Dictionary<string, string>
        {
            ["$X"] = temp.File("x.npy"),
            ["$W"] = temp.File("w.pth"),
            ["$ST"] = temp.File("w.safetensors"),
            ["$FIFO"] = SpecialFiles.Fifo(temp.File("fifo")),
            ["$PIPE"] = SpecialFiles.Fifo(temp.File("pipe.safetensors")),
            ["$DIR"] = Directory.CreateDirectory(temp.File("folder")).FullName,
            ["$TARGET"] = temp.File("target.npy"),
            ["$LINK"] = temp.File("link.npy"),
            ["$HARD"] = temp.File("hard.pth"),
            ["$FLIPPED"] = temp.File("flipped.pth"),
            ["$BOMB"] = temp.File("bomb.pth"),
            ["$DECOY"] = temp.File("decoy.npy"),
            ["$DUPLICATE"] = temp.File("duplicate.npy"),
            ["$NEW"] = temp.File("new"),
            ["$DEV"] = temp.File("device"),
            ["$TAKEN"] = Directory.CreateDirectory(temp.File("taken")).FullName,
        };
        File.Copy(Fixture("checkpoint-litv2.input.npy"), files["$X"]);
        File.WriteAllText(Path.Combine(files["$TAKEN"], "checkpoint-litv2"), "a file where the model's folder would go");
        File.Copy(Fixture("checkpoint-litv2.pth"), files["$W"]);
        File.Copy(Fixture("dtypes.expected.safetensors"), files["$ST"]);
        File.Copy(Fixture("checkpoint-litv2.input.npy"), files["$TARGET"]);
        SpecialFiles.Link(files["$LINK"], files["$TARGET"]);
        SpecialFiles.HardLink(files["$HARD"], files["$W"]);
        byte[] flipped = File.ReadAllBytes(files["$W"]);
        flipped[flipped.Length / 2] ^= 0x10; // inside a storage's data, far from the zip directory
        File.WriteAllBytes(files["$FLIPPED"], flipped);
        using (var bomb = File.Create(files["$BOMB"]))
            PickleBytes.Archive(PickleBytes.StorageViews(2000, 25_600, length: 25_600, step: 0), ("0", PickleBytes.Counting(25_600))).CopyTo(bomb);
        float[] data = NpyFile.Read(files["$X"]).Data;
        WriteNpy(files["$DECOY"], "{'a': \"'fortran_order': False\", 'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 64, 64), }", data);
        WriteNpy(files["$DUPLICATE"], "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 64, 64), }", data);
        // Without the right to create devices, a FIFO stands in (the row still checks that nothing is replaced).
        if (!SpecialFiles.TryCharacterDevice(files["$DEV"]))
            SpecialFiles.Fifo(files["$DEV"]);
        return files;
    }

    private static string Expand(string text, Dictionary<string, string> files) =>
        files.OrderByDescending(f => f.Key.Length).Aggregate(text, (current, file) => current.Replace(file.Key, file.Value, StringComparison.Ordinal));

    /// <summary>Every entry of the folder with its kind and, for regular files, its bytes' hash.</summary>
    private static string Snapshot(string folder) => string.Join("\n",
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            var info = new FileInfo(path);
            string kind = info.LinkTarget is { } target ? "link to " + target
                : Directory.Exists(path) ? "folder"
                : PathRules.InputProblem(path) is { } problem ? problem
                : "file " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
            return $"{Path.GetFileName(path)}: {kind}";
        }));

    private static void WriteNpy(string path, string header, float[] data)
    {
        byte[] text = Encoding.ASCII.GetBytes(header + "\n");
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)text.Length, (byte)(text.Length >> 8)]);
        file.Write(text);
        foreach (float value in data) file.Write(BitConverter.GetBytes(value));
    }
}
