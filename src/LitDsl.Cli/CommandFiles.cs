using System;
using System.Collections.Generic;
using System.IO;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli;

/// <summary>
/// The files one command reads and writes, checked by <see cref="PathRules"/> before the command does any work. Every
/// command that takes a file argument goes through here — <c>run</c>, <c>export</c>, <c>convert</c>,
/// <c>bench --baseline</c>, <c>classify</c>, <c>inspect</c>, <c>triton</c> — and a new command must too: make one per
/// invocation, declare every input with <see cref="Input"/>, then every output with <see cref="Output"/> (and every
/// folder outputs go into with <see cref="OutputFolder"/>).
/// <list type="bullet">
/// <item>An input must be an existing regular file (a link to one is followed); a directory, FIFO, device or socket is
/// one error line at once (exit code 1), before anything opens it.</item>
/// <item>An output must be a new name or a regular file, never a symbolic link, directory, FIFO, device or socket, and
/// never one of the command's inputs (the same file through any path, link or hard link): one error line, exit code 2.
/// It is written atomically (a temporary file beside it, then a rename), so a failed command leaves no output.</item>
/// <item>A folder outputs go into must be a folder, a link to one, or a new name under a folder: one error line, exit
/// code 2.</item>
/// </list>
/// </summary>
internal sealed class CommandFiles
{
    private readonly List<(string Argument, string Path)> _inputs = [];
    private bool _outputsDeclared;

    /// <summary>
    /// The full path of the input <paramref name="path"/>, given as <paramref name="argument"/> (an option such as
    /// <c>--weights</c>, or the argument's name), after checking that it can be read.
    /// </summary>
    /// <exception cref="CliException">It is missing or not a regular file (exit code 1).</exception>
    public string Input(string argument, string path)
    {
        if (_outputsDeclared)
        {
            throw new InvalidOperationException("Declare every input before the first output, so outputs are checked against all of them.");
        }
        string full = Path.GetFullPath(path);
        if (PathRules.InputProblem(full) is { } problem)
        {
            throw new CliException($"{argument} {full}: {problem}", ExitCodes.Failure);
        }
        _inputs.Add((argument, full));
        return full;
    }

    /// <summary>Checks one input of a list (classify's images) without failing the command: null when it can be read.</summary>
    public static string? InputProblem(string path) =>
        PathRules.InputProblem(path) is { } problem ? $"{path}: {problem}" : null;

    /// <summary>
    /// The full path of the folder <paramref name="path"/>, given as <paramref name="argument"/>, that outputs are
    /// written into (a model repository), after checking that it is a folder, a link to one, or a new name that can be
    /// created. Declare the files written into it with <see cref="Output"/>.
    /// </summary>
    /// <exception cref="CliException">It cannot be such a folder (exit code 2).</exception>
    public string OutputFolder(string argument, string path)
    {
        _outputsDeclared = true;
        string full = Path.GetFullPath(path);
        if (PathRules.OutputFolderProblem(full) is { } problem)
        {
            throw new CliException($"{argument} {full}: {problem}", ExitCodes.Usage);
        }
        return full;
    }

    /// <summary>
    /// The full path of the output <paramref name="path"/>, given as <paramref name="argument"/>, after checking that it
    /// may be written and is none of the inputs declared before it.
    /// </summary>
    /// <exception cref="CliException">It may not be written, or it is one of the inputs (exit code 2).</exception>
    public string Output(string argument, string path)
    {
        _outputsDeclared = true;
        string full = Path.GetFullPath(path);
        if (PathRules.OutputProblem(full) is { } problem)
        {
            throw new CliException($"{argument} {full}: {problem}", ExitCodes.Usage);
        }
        foreach ((string inputArgument, string input) in _inputs)
        {
            if (PathRules.SameFile(full, input))
            {
                throw new CliException($"{argument} {full} is the same file as {inputArgument} {input}: write the output elsewhere", ExitCodes.Usage);
            }
        }
        return full;
    }
}
