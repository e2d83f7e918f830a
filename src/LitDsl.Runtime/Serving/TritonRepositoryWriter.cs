using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LitDsl.Onnx;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// Writes models into a Triton model repository (<see cref="TritonRepositoryLayout"/>): each model's ONNX file, its
/// labels file and its <c>config.pbtxt</c>, from <see cref="TritonModelConfig"/>. <see cref="Add"/> writes every file
/// under a temporary name beside its target; <see cref="Commit"/> renames them all into place, each model's config
/// last, so a server that polls the repository never finds a config whose model file is still the old one. Disposing
/// the writer without committing removes the temporary files and the folders it created: a failure on the way leaves
/// the repository as it was. Every path follows <see cref="PathRules"/> (folders: folders or new names; files: new
/// names or regular files, never links). The same models and settings give the same bytes.
/// </summary>
public sealed class TritonRepositoryWriter : IDisposable
{
    private readonly TritonSettings _settings;
    private readonly List<AtomicFile.Staged> _staged = [];
    private readonly List<string> _createdFolders = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _committed;
    private bool _disposed;

    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    /// <exception cref="IOException"><paramref name="root"/> cannot be a folder to write into.</exception>
    public TritonRepositoryWriter(string root, TritonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }
        _settings = settings;
        Root = Path.GetFullPath(root);
        if (PathRules.OutputFolderProblem(Root) is { } folderProblem)
        {
            throw new IOException($"{Root}: {folderProblem}");
        }
    }

    /// <summary>The repository's folder.</summary>
    public string Root { get; }

    /// <summary>
    /// Writes <paramref name="model"/>'s files under temporary names and returns its config; nothing is in place
    /// before <see cref="Commit"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The model's name is taken or cannot name a folder, its graph cannot be served batched, or its labels fit no output.</exception>
    /// <exception cref="IOException">A path of the model's cannot be written.</exception>
    public TritonModelConfig Add(TritonModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The repository is committed; write further models with a new writer.");
        }
        string modelFolder = TritonRepositoryLayout.ModelFolder(Root, model.Name);
        if (!_names.Add(model.Name))
        {
            throw new ArgumentException($"The model '{model.Name}' is in the repository twice.", nameof(model));
        }
        var config = TritonModelConfig.Create(model.Name, OnnxSignature.Read(model.Onnx), model.Labels, _settings);

        CreateFolder(modelFolder);
        CreateFolder(TritonRepositoryLayout.VersionFolder(Root, model.Name));
        Stage(TritonRepositoryLayout.ModelFile(Root, model.Name), stream => stream.Write(model.Onnx));
        if (model.Labels is { } labels)
        {
            Stage(TritonRepositoryLayout.LabelsFile(Root, model.Name), stream => stream.Write(LabelsFile(labels)));
        }
        Stage(TritonRepositoryLayout.ConfigFile(Root, model.Name), stream => stream.Write(Encoding.UTF8.GetBytes(TritonConfigText.Write(config))));
        return config;
    }

    /// <summary>The files of every model added, in the order <see cref="Commit"/> puts them in place.</summary>
    public IReadOnlyList<string> Files => _staged.Select(file => file.Target).ToArray();

    /// <summary>Puts every file written by <see cref="Add"/> in place.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var file in _staged)
        {
            file.Commit();
        }
        _committed = true;
    }

    /// <summary>Without <see cref="Commit"/>: removes the temporary files, then the folders this writer created.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var file in _staged)
        {
            file.Dispose();
        }
        if (!_committed)
        {
            for (int i = _createdFolders.Count - 1; i >= 0; i--)
            {
                if (Directory.Exists(_createdFolders[i]) && !Directory.EnumerateFileSystemEntries(_createdFolders[i]).Any())
                {
                    Directory.Delete(_createdFolders[i]);
                }
            }
        }
    }

    // One label per line, each line ended: the file Triton's classification extension reads.
    internal static byte[] LabelsFile(IReadOnlyList<string> labels) =>
        Encoding.UTF8.GetBytes(string.Concat(labels.Select(label => label + "\n")));

    private void CreateFolder(string folder)
    {
        if (PathRules.OutputFolderProblem(folder) is { } problem)
        {
            throw new IOException($"{folder}: {problem}");
        }
        // Remember each folder this writer makes, outermost first, to remove them again if it never commits.
        var missing = new Stack<string>();
        for (string? path = folder; path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
        {
            missing.Push(path);
        }
        Directory.CreateDirectory(folder);
        _createdFolders.AddRange(missing);
    }

    private void Stage(string path, Action<Stream> write) => _staged.Add(AtomicFile.Stage(path, write));
}
