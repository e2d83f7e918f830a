using System;
using System.IO;
using System.Linq;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// Where a model's files go in a Triton model repository: <c>&lt;root&gt;/&lt;model&gt;/config.pbtxt</c>, the ONNX file
/// as version 1 (<c>&lt;root&gt;/&lt;model&gt;/1/model.onnx</c>, the ONNX Runtime backend's default file name) and,
/// for a classifier, <c>&lt;root&gt;/&lt;model&gt;/labels.txt</c> beside the config.
/// </summary>
public static class TritonRepositoryLayout
{
    public const string ConfigFileName = "config.pbtxt";
    public const string Version = "1";
    public const string ModelFileName = "model.onnx";
    public const string LabelsFileName = "labels.txt";

    /// <summary>The model's folder; its name is the model's name on the server.</summary>
    /// <exception cref="ArgumentException">The name cannot be one folder's name.</exception>
    public static string ModelFolder(string root, string model)
    {
        if (NameProblem(model) is { } problem)
        {
            throw new ArgumentException($"'{model}' cannot name a Triton model: {problem}", nameof(model));
        }
        return Path.Combine(Path.GetFullPath(root), model);
    }

    public static string VersionFolder(string root, string model) => Path.Combine(ModelFolder(root, model), Version);

    public static string ConfigFile(string root, string model) => Path.Combine(ModelFolder(root, model), ConfigFileName);

    public static string ModelFile(string root, string model) => Path.Combine(VersionFolder(root, model), ModelFileName);

    public static string LabelsFile(string root, string model) => Path.Combine(ModelFolder(root, model), LabelsFileName);

    /// <summary>Why <paramref name="model"/> cannot be a model folder's name, or null.</summary>
    public static string? NameProblem(string model) =>
        string.IsNullOrEmpty(model) ? "it is empty"
        : model is "." or ".." ? "it is a relative folder"
        : model.IndexOfAny(['/', '\\']) >= 0 || model.Any(char.IsControl) ? "it holds a path separator or a control character"
        : null;
}
