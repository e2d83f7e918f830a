using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Emission;

/// <summary>
/// The file names of generated sources: <c>{Namespace}.{Outer}.{Model}.g.cs</c>, built from the identifiers as the
/// compiler knows them (letters, digits and underscores, never <c>@</c>). The compiler compares hint names ignoring
/// case, so two models whose names differ only in case (<c>N.Model</c>, <c>N.model</c>), or a model whose name is the
/// registry's, each get a suffix made from their exact name.
/// </summary>
internal static class HintNames
{
    public const string Registry = "LitDsl.ModelRegistry.g.cs";

    /// <summary>The hint name before any suffix.</summary>
    public static string Base(GeneratedType type) => string.Join(".", type.Path) + ".g.cs";

    /// <summary>The base names (lower-cased) that more than one file would take, the registry's counted in.</summary>
    public static EquatableArray<string> Collisions(ImmutableArray<string> baseNames) =>
        baseNames.Append(Registry)
            .GroupBy(name => name.ToLowerInvariant(), StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .OrderBy(key => key, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary>The unique hint name of <paramref name="type"/>, given the colliding base names.</summary>
    public static string For(GeneratedType type, EquatableArray<string> collisions)
    {
        var name = Base(type);
        if (!collisions.Contains(name.ToLowerInvariant())) return name;
        return name.Substring(0, name.Length - ".g.cs".Length) + "." + Fnv1a(ExactName(type)).ToString("x8", CultureInfo.InvariantCulture) + ".g.cs";
    }

    /// <summary>The type's exact name, containing types marked apart from namespaces.</summary>
    private static string ExactName(GeneratedType type) =>
        string.Join(".", type.Namespace) + ":" + string.Join("+", type.ContainingTypes.Select(t => t.Name).Append(type.Name));

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash ^= c;
            hash = unchecked(hash * 16777619u);
        }
        return hash;
    }

    private static bool Contains(this EquatableArray<string> items, string value)
    {
        foreach (var item in items)
            if (string.Equals(item, value, StringComparison.Ordinal)) return true;
        return false;
    }
}
