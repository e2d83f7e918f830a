using System;
using System.Collections.Generic;
using System.Linq;

namespace LitDsl.Models;

/// <summary>
/// The models of every loaded assembly that declares any. Generated module initializers fill it before user code
/// runs, so a host only has to reference its model assembly; names are unique across all of them.
/// </summary>
public static class LitModelCatalog
{
    private static readonly object Gate = new();
    private static readonly SortedDictionary<string, LitModelInfo> ModelsByName = new(StringComparer.Ordinal);

    /// <summary>Every registered model, ordered by name.</summary>
    public static IReadOnlyList<LitModelInfo> All
    {
        get { lock (Gate) return ModelsByName.Values.ToArray(); }
    }

    /// <summary>Registers a model. A second model of the same name is refused: names are how users pick models.</summary>
    public static void Register(LitModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (Gate)
        {
            if (ModelsByName.TryGetValue(model.Name, out var existing) && !ReferenceEquals(existing, model))
            {
                if (existing.TypeName == model.TypeName) return;
                throw new InvalidOperationException(
                    $"Two models are named '{model.Name}': {existing.TypeName} and {model.TypeName}. Rename one.");
            }
            ModelsByName[model.Name] = model;
        }
    }

    /// <summary>Finds a model by name, or returns null.</summary>
    public static LitModelInfo? Find(string name)
    {
        lock (Gate) return ModelsByName.TryGetValue(name, out var model) ? model : null;
    }

    /// <summary>Finds a model by name, or throws an error that lists the known names.</summary>
    public static LitModelInfo Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException(
            $"No model named '{name}'. Known models: {string.Join(", ", All.Select(m => m.Name))}.");
}
