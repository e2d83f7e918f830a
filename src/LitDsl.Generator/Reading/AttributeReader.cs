using System;
using System.Globalization;
using System.Linq;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LitDsl.Generator.Reading;

/// <summary>Reads one attribute application's arguments together with where each was written.</summary>
internal readonly struct AttributeReader(AttributeData data, AttributeSyntax? syntax, Compilation compilation)
{
    public LocationInfo? AttributeLocation { get; } = LocationInfo.From(syntax);

    public Argument<T> ConstructorArgument<T>(int index, T fallback) where T : IEquatable<T>
    {
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ElementAtOrDefault(index);
        var location = LocationInfo.From(positional) ?? AttributeLocation;
        return index < data.ConstructorArguments.Length && data.ConstructorArguments[index].Value is T value
            ? new Argument<T>(value, location, true)
            : new Argument<T>(fallback, location, false);
    }

    public Argument<T> Named<T>(string property, T defaultValue) where T : IEquatable<T>
    {
        foreach (var argument in data.NamedArguments)
        {
            if (argument.Key != property) continue;
            var written = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
            var location = LocationInfo.From(written) ?? AttributeLocation;
            // A constant of the wrong type is already a compiler error; keep the default so analysis goes on.
            if (argument.Value.Value is not T value) return new Argument<T>(defaultValue, location, false);
            if (value is double number && written is not null && WrittenAsFloat(written.Expression))
                value = (T)(object)AsWritten((float)number);
            return new Argument<T>(value, location, true);
        }
        return new Argument<T>(defaultValue, AttributeLocation, false);
    }

    /// <summary>
    /// An <c>int[]</c> property: the elements written, or <paramref name="defaultValue"/> when it is not written or is
    /// <c>null</c> (which the attributes document as "the default").
    /// </summary>
    public Argument<EquatableArray<int>> NamedInts(string property, EquatableArray<int> defaultValue)
    {
        foreach (var argument in data.NamedArguments)
        {
            if (argument.Key != property) continue;
            var written = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
            var location = LocationInfo.From(written) ?? AttributeLocation;
            if (argument.Value.Kind != TypedConstantKind.Array || argument.Value.IsNull) return new Argument<EquatableArray<int>>(defaultValue, location, false);
            var values = argument.Value.Values.Select(v => v.Value is int number ? number : -1).ToEquatableArray();
            return new Argument<EquatableArray<int>>(values, location, true);
        }
        return new Argument<EquatableArray<int>>(defaultValue, AttributeLocation, false);
    }

    /// <summary>Whether a double property was given a float (<c>Alpha = 0.7f</c>), which C# widens to 0.699999988….</summary>
    private bool WrittenAsFloat(ExpressionSyntax expression)
    {
        if (expression is LiteralExpressionSyntax literal)
            return literal.Token.Value is float;
        var model = compilation.GetSemanticModel(expression.SyntaxTree);
        return model.GetTypeInfo(expression).Type?.SpecialType == SpecialType.System_Single;
    }

    /// <summary>
    /// A float read as the decimal its author wrote: the shortest decimal that gives back the same float (0.7f → 0.7),
    /// not the float's exact binary value. Found digit by digit, so it does not depend on the runtime's float formatting.
    /// </summary>
    private static double AsWritten(float value)
    {
        for (var digits = 1; digits <= 9; digits++)
        {
            var text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (float.Parse(text, CultureInfo.InvariantCulture) == value) return double.Parse(text, CultureInfo.InvariantCulture);
        }
        return value;
    }
}
