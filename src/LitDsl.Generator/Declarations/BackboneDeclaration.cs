using LitDsl.Generator.Model;

namespace LitDsl.Generator.Declarations;

/// <summary>
/// <c>[Backbone]</c>: the stages output (<see cref="OutIndices"/>, 0-based; not written means every stage), the
/// reference input size, and which outputs are normalised (the raw value of the <c>Norms</c> argument, which may be
/// no member of the enum: the checker says so).
/// </summary>
internal sealed record BackboneDeclaration(LocationInfo? Location, Argument<EquatableArray<int>> OutIndices, Argument<int> Height,
    Argument<int> Width, Argument<int> Norms)
{
    public OutputNorms OutputNorms => (OutputNorms)Norms.Value;
}
