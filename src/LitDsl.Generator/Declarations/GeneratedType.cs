using System.Linq;
using System.Text;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Declarations;

/// <summary>
/// The class the generated half extends, as values: its namespace and containing types (outermost first) and its
/// name, every identifier as the compiler knows it (without <c>@</c>; the emitter escapes keywords). Holds no location,
/// so a declaration that only moves in its file gives an equal value.
/// </summary>
internal sealed record GeneratedType(EquatableArray<string> Namespace, EquatableArray<ContainingType> ContainingTypes, string Name)
{
    /// <summary>The type's name for people: <c>Ns.Outer.Model</c>.</summary>
    public string DisplayName
    {
        get
        {
            var builder = new StringBuilder();
            foreach (var part in Namespace) builder.Append(part).Append('.');
            foreach (var containing in ContainingTypes) builder.Append(containing.Name).Append('.');
            return builder.Append(Name).ToString();
        }
    }

    /// <summary>Every identifier from the outermost namespace to the type's own name.</summary>
    public string[] Path => [.. Namespace, .. ContainingTypes.Select(t => t.Name), Name];
}

/// <summary>A containing type: its declaration keyword (<c>class</c>, <c>struct</c>, <c>record</c>, …) and name.</summary>
internal sealed record ContainingType(string Keyword, string Name);
