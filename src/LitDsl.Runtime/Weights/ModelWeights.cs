using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Blocks;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Weights;

/// <summary>
/// A weight file bound to a model: every tensor the model's graph needs is in the file under its reference
/// <c>state_dict</c> name, with the same shape, and the file has nothing else (BatchNorm's <c>num_batches_tracked</c>
/// counters excepted: inference does not use them). The check runs when binding, before anything is built, and reports
/// every problem at once (<see cref="WeightBindingException"/>). Pass the result to
/// <c>new GraphBuilder(model.Name, weights)</c>: values are read from the file as the graph asks for them.
/// </summary>
/// <remarks>
/// A backbone also binds a classification checkpoint of its architecture, with the result the reference detection and
/// segmentation code gets from its non-strict load of one: the classifier's final norm and head (<c>norm.*</c>,
/// <c>head.*</c>) are ignored (<see cref="Ignored"/>), and when the file has none of the backbone's output norms
/// (<c>norm{i}.*</c>) they take the reference's initialisation, weight 1 and bias 0 (<see cref="Defaulted"/>): each
/// output is then standardised over its channels. Anything else that does not fit is still an error — where the
/// reference would silently keep a random initialisation for any missing tensor and skip a wrongly shaped one.
/// </remarks>
/// <example>
/// <code>
/// using var weights = ModelWeights.Load("litv2_s.pth", LitV2Small.Info);
/// var builder = new GraphBuilder(LitV2Small.Info.Name, weights);
/// LitV2Small.Info.Build(builder);
/// </code>
/// </example>
public sealed class ModelWeights : IWeightSource, IDisposable
{
    private const string IgnoredSuffix = "num_batches_tracked";

    /// <summary>What <c>nn.DataParallel</c> and <c>DistributedDataParallel</c> put before every state_dict key.</summary>
    public const string DataParallelPrefix = "module.";

    private readonly Dictionary<string, int[]> _expected;
    private readonly HashSet<string> _defaulted;
    private readonly bool _ownsFile;

    private ModelWeights(WeightFile file, LitModelInfo model, Dictionary<string, int[]> expected, string keyPrefix, bool ownsFile,
        IReadOnlyList<TensorSpec> ignored, IReadOnlyList<TensorSpec> defaulted)
    {
        File = file;
        Model = model;
        _expected = expected;
        KeyPrefix = keyPrefix;
        _ownsFile = ownsFile;
        Ignored = ignored;
        Defaulted = defaulted;
        _defaulted = defaulted.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// A backbone bound to a classification checkpoint: the file's tensors of the classifier's final norm and head,
    /// which the backbone does not have (as in the file). Empty otherwise.
    /// </summary>
    public IReadOnlyList<TensorSpec> Ignored { get; }

    /// <summary>
    /// A backbone bound to a classification checkpoint: its output norms' tensors, which the file lacks and which take
    /// the reference's initialisation (weight 1, bias 0). Empty otherwise.
    /// </summary>
    public IReadOnlyList<TensorSpec> Defaulted { get; }

    /// <summary>
    /// What the file puts before every model name: <see cref="DataParallelPrefix"/> for a state_dict saved from a model
    /// wrapped in (Distributed)DataParallel, otherwise "".
    /// </summary>
    public string KeyPrefix { get; }

    /// <summary>The file the values come from.</summary>
    public WeightFile File { get; }

    /// <summary>The model they are bound to.</summary>
    public LitModelInfo Model { get; }

    /// <summary>Opens <paramref name="path"/> (.pth or .safetensors) and binds it to <paramref name="model"/>.</summary>
    /// <exception cref="LitDslFormatException">The file cannot be read.</exception>
    /// <exception cref="WeightBindingException">The file's tensors do not fit the model.</exception>
    public static ModelWeights Load(string path, LitModelInfo model)
    {
        var file = WeightFile.Open(path);
        try
        {
            return Bind(file, model, ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Binds an open file to <paramref name="model"/>; the caller keeps ownership of <paramref name="file"/>.</summary>
    /// <exception cref="WeightBindingException">The file's tensors do not fit the model.</exception>
    public static ModelWeights Bind(WeightFile file, LitModelInfo model) => Bind(file, model, ownsFile: false);

    /// <summary>
    /// The tensors <paramref name="model"/>'s graph takes (parameters and buffers), by reference state_dict name, in
    /// graph order: found by building the graph once with placeholder values.
    /// </summary>
    public static IReadOnlyList<TensorSpec> ExpectedTensors(LitModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var recorder = new RecordingWeights();
        model.Build(new GraphBuilder(model.Name, recorder));
        return recorder.Requested;
    }

    /// <inheritdoc />
    public float[] GetTensor(string name, int[] shape, ParameterInit init)
    {
        if (!_expected.TryGetValue(name, out int[]? bound) || !bound.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidOperationException(
                $"The graph asks for '{name}' {ShapeText.Of(shape)}, which was not bound for model '{Model.Name}': build the model the weights were bound to.");
        }
        if (_defaulted.Contains(name)) return ReferenceInitialisation(name, shape, init);
        return File.Tensors[KeyPrefix + name].ReadFloat32().Data;
    }

    /// <summary>Closes the file when this instance opened it (<see cref="Load"/>).</summary>
    public void Dispose()
    {
        if (_ownsFile)
        {
            File.Dispose();
        }
    }

    private static ModelWeights Bind(WeightFile file, LitModelInfo model, bool ownsFile)
    {
        ArgumentNullException.ThrowIfNull(file);
        var needed = ExpectedTensors(model);
        string prefix = WrappedInDataParallel(file, needed) ? DataParallelPrefix : "";
        var missing = new List<TensorSpec>();
        var wrongShapes = new List<ShapeMismatch>();
        foreach (var spec in needed)
        {
            if (!file.Tensors.TryGetValue(prefix + spec.Name, out var stored))
            {
                missing.Add(spec);
            }
            else if (!stored.Shape.AsSpan().SequenceEqual(spec.Shape))
            {
                wrongShapes.Add(new ShapeMismatch(spec.Name, stored.Shape, spec.Shape));
            }
        }
        var names = needed.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unexpected = file.Tensors
            .Where(t => !names.Contains(t.Key[prefix.Length..]) && !IsIgnored(t.Key))
            .Select(t => new TensorSpec(t.Key, t.Value.Shape))
            .ToList();
        var (ignored, defaulted) = ClassificationCheckpoint(model, needed, prefix, missing, unexpected);
        if (missing.Count > 0 || unexpected.Count > 0 || wrongShapes.Count > 0)
        {
            throw new WeightBindingException(file.FileName, model.Name, missing, unexpected, wrongShapes);
        }
        return new ModelWeights(file, model, needed.ToDictionary(s => s.Name, s => s.Shape, StringComparer.Ordinal), prefix, ownsFile,
            ignored, defaulted);
    }

    /// <summary>
    /// For a backbone, takes out of <paramref name="missing"/> and <paramref name="unexpected"/> what a classification
    /// checkpoint of its architecture has and lacks: the unexpected tensors of the classifier's final norm and head
    /// (ignored), and the output norms, when every one of their tensors is missing (defaulted). A file with some of the
    /// output norms' tensors is a backbone checkpoint, which must have them all.
    /// </summary>
    private static (IReadOnlyList<TensorSpec> Ignored, IReadOnlyList<TensorSpec> Defaulted) ClassificationCheckpoint(LitModelInfo model,
        IReadOnlyList<TensorSpec> needed, string prefix, List<TensorSpec> missing, List<TensorSpec> unexpected)
    {
        if (model.Backbone is null) return ([], []);
        var outputNorms = model.Outputs.Where(o => o.Normalized).Select(o => BackboneOutput.NormName(o.OutIndex) + ".").ToList();
        var normTensors = needed.Where(t => outputNorms.Any(norm => t.Name.StartsWith(norm, StringComparison.Ordinal))).ToList();
        var defaulted = normTensors.Count > 0 && normTensors.All(t => missing.Any(m => m.Name == t.Name)) ? normTensors : [];
        missing.RemoveAll(m => defaulted.Any(d => d.Name == m.Name));

        bool IsClassifier(TensorSpec tensor) => tensor.Name.StartsWith(prefix, StringComparison.Ordinal)
            && ClassifierHead.TensorPrefixes.Any(p => tensor.Name[prefix.Length..].StartsWith(p, StringComparison.Ordinal));
        var ignored = unexpected.Where(IsClassifier).ToList();
        unexpected.RemoveAll(IsClassifier);
        return (ignored, defaulted);
    }

    /// <summary>The reference backbone's <c>init_weights</c> value of an output norm: LayerNorm weight 1, bias 0.</summary>
    private static float[] ReferenceInitialisation(string name, int[] shape, ParameterInit init)
    {
        var values = new float[FloatTensor.ElementCount(shape)];
        switch (init.Kind)
        {
            case ParameterInitKind.Ones:
                values.AsSpan().Fill(1f);
                return values;
            case ParameterInitKind.Zeros:
                return values;
            default:
                throw new InvalidOperationException($"'{name}' has no fixed initial value ({init.Kind}) to stand in for a missing tensor.");
        }
    }

    /// <summary>
    /// Every key of the file starts with "module." and the model has no name that does: the state_dict of a wrapped
    /// model, whose keys are the model's behind the prefix.
    /// </summary>
    private static bool WrappedInDataParallel(WeightFile file, IReadOnlyList<TensorSpec> needed) =>
        file.Tensors.Count > 0
        && file.Tensors.Keys.All(k => k.StartsWith(DataParallelPrefix, StringComparison.Ordinal))
        && !needed.Any(s => s.Name.StartsWith(DataParallelPrefix, StringComparison.Ordinal));

    private static bool IsIgnored(string key) =>
        key == IgnoredSuffix || key.EndsWith("." + IgnoredSuffix, StringComparison.Ordinal);

    /// <summary>Records what the graph asks for and hands back zeros (one shared array per size: nothing is kept).</summary>
    private sealed class RecordingWeights : IWeightSource
    {
        private readonly Dictionary<long, float[]> _zeros = [];

        public List<TensorSpec> Requested { get; } = [];

        public float[] GetTensor(string name, int[] shape, ParameterInit init)
        {
            Requested.Add(new TensorSpec(name, (int[])shape.Clone()));
            long count = FloatTensor.ElementCount(shape);
            if (!_zeros.TryGetValue(count, out float[]? values))
            {
                _zeros[count] = values = new float[count];
            }
            return values;
        }
    }
}
