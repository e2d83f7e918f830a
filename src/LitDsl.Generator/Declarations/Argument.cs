using System;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Declarations;

/// <summary>
/// An attribute argument's value and where it was written. <see cref="IsExplicit"/> is false for a default, whose
/// location is then the attribute itself: a diagnostic about a default still points at the attribute to change.
/// </summary>
internal readonly record struct Argument<T>(T Value, LocationInfo? Location, bool IsExplicit)
    where T : IEquatable<T>;
