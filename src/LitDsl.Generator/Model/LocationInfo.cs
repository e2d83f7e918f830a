using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LitDsl.Generator.Model;

/// <summary>
/// A source location reduced to values (a <see cref="Location"/> holds a syntax tree, which would defeat caching).
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
