using System;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// A file that cannot be read — a tensor file (.npy, .safetensors) or an image (JPEG, PNG): the message names the file
/// and what is wrong with it. Every reading error of these formats is this type, so callers
/// (and fuzzers) catch one thing.
/// </summary>
public sealed class LitDslFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="fileName"/>.</summary>
    public LitDslFormatException(string fileName, string problem, Exception? inner = null)
        : base($"{fileName}: {problem}", inner)
    {
        FileName = fileName;
        Problem = problem;
    }

    /// <summary>The file (or stream name) that was being read.</summary>
    public string FileName { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
