using System.Linq;
using LitDsl.Generator.Declarations;
using Microsoft.CodeAnalysis.CSharp;

namespace LitDsl.Generator.Emission;

/// <summary>Identifiers as generated code writes them.</summary>
internal static class Identifiers
{
    /// <summary>
    /// <paramref name="name"/> with <c>@</c> when it is a keyword (<c>class</c>) or a contextual one (<c>var</c>,
    /// <c>record</c>), so a class or namespace of that name is referred to, not the keyword.
    /// </summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>The namespace as a <c>namespace</c> line writes it (empty for the global namespace).</summary>
    public static string Namespace(GeneratedType type) => string.Join(".", type.Namespace.Select(Escape));

    /// <summary>The type as code anywhere refers to it: <c>global::Ns.Outer.Model</c>.</summary>
    public static string FullyQualified(GeneratedType type) => "global::" + string.Join(".", type.Path.Select(Escape));
}
