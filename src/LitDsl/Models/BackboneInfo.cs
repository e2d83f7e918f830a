using System;
using System.Globalization;
using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Models;

/// <summary>
/// What a backbone (a model declared with <c>[Backbone]</c>) adds to its <see cref="LitModelInfo"/>: its reference
/// input, the smallest input it takes, its FLOPs at any size, and a build of its graph at a fixed size (the plain
/// <see cref="LitModelInfo.Build"/> makes the graph whose batch, height and width are symbolic).
/// </summary>
/// <param name="ReferenceHeight">Height of the reference input: the model's figures and layer table are at this size.</param>
/// <param name="ReferenceWidth">Width of the reference input.</param>
/// <param name="MinimumSide">The smallest height and width it takes (LITv2: each DTM needs a map of at least 2×2).</param>
/// <param name="FlopsAt">FLOPs per sample at an H×W input, in the reference convention (the generated <c>FlopsAt</c>).</param>
/// <param name="BuildAt">Adds the backbone to a graph builder with a fixed height and width (every shape static).</param>
public sealed record BackboneInfo(int ReferenceHeight, int ReferenceWidth, int MinimumSide, Func<int, int, long> FlopsAt,
    Action<GraphBuilder, int, int> BuildAt)
{
    /// <summary>The largest height and width a backbone's figures and fixed-size builds take.</summary>
    public const int MaximumSide = SizeLimits.ImageSize;

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="height"/> and <paramref name="width"/> lie
    /// in [<paramref name="minimumSide"/>, <see cref="MaximumSide"/>]: the sizes backbone <paramref name="model"/> takes.
    /// </summary>
    public static void CheckSize(string model, int height, int width, int minimumSide)
    {
        foreach (var (name, value) in new[] { ("height", height), ("width", width) })
            if (value < minimumSide || value > MaximumSide)
                throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture,
                    $"Backbone '{model}' takes inputs of {minimumSide} to {MaximumSide} px a side; the {name} is {value}."));
    }

    /// <summary>Whether the backbone takes an input of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public bool Takes(int height, int width) =>
        height >= MinimumSide && width >= MinimumSide && height <= MaximumSide && width <= MaximumSide;
}
