using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Weights;
using LitDsl.TestSupport;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// <see cref="PathRules"/>: inputs are regular files (a FIFO, device or directory is refused before it is opened, so
/// nothing blocks or reads forever); outputs are new names or regular files, never a link, FIFO, device or directory;
/// and the readers and writers of tensor files apply them.
/// </summary>
public sealed class PathRulesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-paths-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathFor(string name) => Path.Combine(_directory, name);

    private string Regular(string name)
    {
        string path = PathFor(name);
        NpyFile.Write(path, new FloatTensor([2], [1f, 2f]));
        return path;
    }

    [Fact]
    public void Inputs_must_be_regular_files_and_links_to_them_are_followed()
    {
        string file = Regular("x.npy");
        string fifo = SpecialFiles.Fifo(PathFor("fifo"));

        Assert.Null(PathRules.InputProblem(file));
        Assert.Null(PathRules.InputProblem(SpecialFiles.Link(PathFor("link.npy"), file)));
        Assert.Equal("does not exist", PathRules.InputProblem(PathFor("none.npy")));
        Assert.Equal("does not exist", PathRules.InputProblem(Path.Combine(file, "below")));
        Assert.StartsWith("is a directory, not a regular file", PathRules.InputProblem(_directory));
        Assert.StartsWith("is a FIFO (named pipe), not a regular file", PathRules.InputProblem(fifo));
        Assert.StartsWith("is a FIFO (named pipe)", PathRules.InputProblem(SpecialFiles.Link(PathFor("to-fifo"), fifo)));
        Assert.StartsWith("is a character device, not a regular file", PathRules.InputProblem("/dev/zero"));
        Assert.Equal("does not exist", PathRules.InputProblem(SpecialFiles.Link(PathFor("dangling"), PathFor("gone"))));
    }

    [Fact]
    public void Outputs_must_be_new_names_or_regular_files_and_never_links()
    {
        string file = Regular("x.npy");

        Assert.Null(PathRules.OutputProblem(PathFor("new.npy")));
        Assert.Null(PathRules.OutputProblem(file));
        Assert.StartsWith("is a directory; an output must be a regular file", PathRules.OutputProblem(_directory));
        Assert.StartsWith("is a FIFO (named pipe); an output must be", PathRules.OutputProblem(SpecialFiles.Fifo(PathFor("fifo"))));
        Assert.StartsWith("is a character device; an output must be", PathRules.OutputProblem("/dev/null"));
        Assert.StartsWith($"is a symbolic link (to {file}); outputs are written by renaming", PathRules.OutputProblem(SpecialFiles.Link(PathFor("link.npy"), file)));
        Assert.StartsWith("is a symbolic link", PathRules.OutputProblem(SpecialFiles.Link(PathFor("dangling.npy"), PathFor("gone.npy"))));
    }

    [Fact]
    public void Output_folders_must_be_folders_or_new_names_under_a_folder()
    {
        string file = Regular("x.npy");
        string folder = Directory.CreateDirectory(PathFor("folder")).FullName;

        Assert.Null(PathRules.OutputFolderProblem(folder));
        Assert.Null(PathRules.OutputFolderProblem(PathFor("new")));
        Assert.Null(PathRules.OutputFolderProblem(Path.Combine(folder, "new", "deeper")));
        Assert.Null(PathRules.OutputFolderProblem(SpecialFiles.Link(PathFor("to-folder"), folder)));
        Assert.Equal("is a regular file; an output folder must be a folder or a new name", PathRules.OutputFolderProblem(file));
        Assert.Equal($"cannot be created: {file} is a regular file", PathRules.OutputFolderProblem(Path.Combine(file, "new", "deeper")));
        Assert.StartsWith("is a FIFO (named pipe); an output folder", PathRules.OutputFolderProblem(SpecialFiles.Fifo(PathFor("fifo"))));
        Assert.StartsWith("is a character device; an output folder", PathRules.OutputFolderProblem("/dev/null"));
        Assert.StartsWith("is a regular file", PathRules.OutputFolderProblem(SpecialFiles.Link(PathFor("to-file"), file)));
        Assert.Equal($"is a symbolic link to {PathFor("gone")}, which does not exist",
            PathRules.OutputFolderProblem(SpecialFiles.Link(PathFor("dangling"), PathFor("gone"))));
    }

    [Fact]
    public void The_same_file_is_recognised_through_links_and_other_spellings()
    {
        string file = Regular("x.npy");
        string other = Regular("y.npy");

        Assert.True(PathRules.SameFile(file, file));
        Assert.True(PathRules.SameFile(file, Path.Combine(_directory, ".", "x.npy")));
        Assert.True(PathRules.SameFile(file, SpecialFiles.Link(PathFor("soft.npy"), file)));
        Assert.True(PathRules.SameFile(file, SpecialFiles.HardLink(PathFor("hard.npy"), file)));
        Assert.False(PathRules.SameFile(file, other));
        Assert.False(PathRules.SameFile(file, PathFor("none.npy")));
    }

    [Theory]
    [InlineData("npy")]
    [InlineData("safetensors")]
    [InlineData("checkpoint")]
    [InlineData("weights")]
    public void Readers_refuse_a_FIFO_at_once_instead_of_waiting_for_a_writer(string reader)
    {
        string fifo = SpecialFiles.Fifo(PathFor("input"));
        Action read = reader switch
        {
            "npy" => () => NpyFile.Read(fifo),
            "safetensors" => () => SafetensorsFile.Read(fifo),
            "checkpoint" => () => PyTorchCheckpoint.Open(fifo).Dispose(),
            _ => () => WeightFile.Open(fifo).Dispose(),
        };

        var error = SpecialFiles.Within(() => Assert.Throws<LitDslFormatException>(read), fifo);

        Assert.Equal(fifo, error.FileName);
        Assert.StartsWith("is a FIFO (named pipe), not a regular file", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Readers_refuse_an_endless_device_and_a_directory()
    {
        Assert.StartsWith("is a character device", Assert.Throws<LitDslFormatException>(() => NpyFile.Read("/dev/zero")).Problem);
        Assert.StartsWith("is a directory", Assert.Throws<LitDslFormatException>(() => WeightFile.Open(_directory)).Problem);
    }

    [Fact]
    public void Writers_leave_a_FIFO_or_a_link_and_its_target_as_they_were()
    {
        string fifo = SpecialFiles.Fifo(PathFor("out.npy"));
        string target = Regular("target.npy");
        byte[] before = File.ReadAllBytes(target);
        string link = SpecialFiles.Link(PathFor("link.npy"), target);
        var tensor = new FloatTensor([1], [3f]);

        var fifoError = Assert.Throws<IOException>(() => NpyFile.Write(fifo, tensor));
        var linkError = Assert.Throws<IOException>(() => SafetensorsFile.Write(link, new Dictionary<string, FloatTensor> { ["t"] = tensor }));

        Assert.Contains("is a FIFO (named pipe)", fifoError.Message, StringComparison.Ordinal);
        Assert.Contains("is a symbolic link", linkError.Message, StringComparison.Ordinal);
        Assert.StartsWith("is a FIFO", PathRules.InputProblem(fifo));
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }
}
