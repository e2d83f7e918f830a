using System;
using System.Collections.Generic;
using System.Linq;

namespace LitDsl.Runtime.Weights;

/// <summary>
/// A weight file that does not fit a model: every missing, unexpected and wrongly shaped tensor at once, found before
/// any graph or session is built. The message is one line naming the file, the model and each tensor with its shapes.
/// </summary>
public sealed class WeightBindingException : Exception
{
    /// <summary>Creates the exception; the lists are reported in the order given.</summary>
    public WeightBindingException(
        string fileName, string modelName, IReadOnlyList<TensorSpec> missing, IReadOnlyList<TensorSpec> unexpected,
        IReadOnlyList<ShapeMismatch> wrongShapes)
        : base(Describe(fileName, modelName, missing, unexpected, wrongShapes))
    {
        FileName = fileName;
        ModelName = modelName;
        Missing = missing;
        Unexpected = unexpected;
        WrongShapes = wrongShapes;
    }

    /// <summary>The weight file.</summary>
    public string FileName { get; }

    /// <summary>The model the weights were bound to.</summary>
    public string ModelName { get; }

    /// <summary>Tensors the model needs that the file lacks (with the model's shape).</summary>
    public IReadOnlyList<TensorSpec> Missing { get; }

    /// <summary>Tensors in the file the model does not have (with the file's shape).</summary>
    public IReadOnlyList<TensorSpec> Unexpected { get; }

    /// <summary>Tensors whose shapes differ.</summary>
    public IReadOnlyList<ShapeMismatch> WrongShapes { get; }

    private static string Describe(
        string fileName, string modelName, IReadOnlyList<TensorSpec> missing, IReadOnlyList<TensorSpec> unexpected,
        IReadOnlyList<ShapeMismatch> wrongShapes)
    {
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add("missing: " + string.Join(", ", missing));
        }
        if (unexpected.Count > 0)
        {
            parts.Add("unexpected: " + string.Join(", ", unexpected));
        }
        if (wrongShapes.Count > 0)
        {
            parts.Add("wrong shape: " + string.Join(", ", wrongShapes));
        }
        return $"{fileName}: does not fit model '{modelName}' ({missing.Count} missing, {unexpected.Count} unexpected, " +
               $"{wrongShapes.Count} wrongly shaped): {string.Join("; ", parts.Count > 0 ? parts : ["no details"])}";
    }
}
