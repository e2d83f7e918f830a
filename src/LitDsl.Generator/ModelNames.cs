using System;
using System.Collections.Immutable;
using System.Linq;
using LitDsl.Generator.Model;

namespace LitDsl.Generator;

/// <summary>A planned model's name, its type and where the name was written: the input of the uniqueness check.</summary>
internal sealed record ModelName(string Name, string TypeName, LocationInfo? Location);

/// <summary>Model names are unique across a compilation (the CLI and the catalog find models by name).</summary>
internal static class ModelNames
{
    /// <summary>
    /// LIT0010 on every model whose name another model has, except the one whose type name sorts first (the one the
    /// registry keeps), on the name argument.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Duplicates(ImmutableArray<ModelName> models) =>
        models.GroupBy(m => m.Name, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .SelectMany(group =>
            {
                var ordered = group.OrderBy(m => m.TypeName, StringComparer.Ordinal).ToList();
                return ordered.Skip(1).Select(model => DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateModelName,
                    model.Location, model.Name, ordered[0].TypeName));
            })
            .ToEquatableArray();
}
