using System;
using System.CommandLine;
using System.Globalization;
using LitDsl.Models;

namespace LitDsl.Cli;

/// <summary>
/// <c>--size HxW</c>: the input height and width a command runs or builds a model at. A backbone takes any size from
/// its smallest side (default: its reference size); any other model takes only its own input size.
/// </summary>
internal sealed class InputSizeOption
{
    public InputSizeOption(string description)
    {
        Option = new Option<string?>("--size") { Description = description };
        Option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && Parse(text) is null)
                result.AddError($"--size must be HEIGHTxWIDTH in pixels, such as 800x1333, not '{text}'.");
        });
    }

    public Option<string?> Option { get; }

    /// <summary>Whether <c>--size</c> was given.</summary>
    public bool IsGiven(ParseResult parse) => parse.GetValue(Option) is not null;

    /// <summary>
    /// The height and width for <paramref name="model"/>: the one given, checked against what the model takes, else its
    /// own (a backbone's reference size).
    /// </summary>
    /// <exception cref="CliException">The model does not take that size, or takes no image (exit code 2).</exception>
    public (int Height, int Width) For(ParseResult parse, LitModelInfo model)
    {
        var given = parse.GetValue(Option) is { } text ? Parse(text) : null;
        if (model.Backbone is { } backbone)
        {
            var (height, width) = given ?? (backbone.ReferenceHeight, backbone.ReferenceWidth);
            if (!backbone.Takes(height, width))
                throw new CliException(string.Create(CultureInfo.InvariantCulture,
                    $"--size {height}x{width}: {model.Name} takes inputs of {backbone.MinimumSide} to {BackboneInfo.MaximumSide} px a side"), ExitCodes.Usage);
            return (height, width);
        }
        if (model.InputShape is not [_, var ownHeight, var ownWidth])
        {
            if (given is not null) throw new CliException($"--size does not apply to {model.Name}, whose input is not an image", ExitCodes.Usage);
            return (0, 0);
        }
        if (given is { } size && size != (ownHeight, ownWidth))
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--size {size.Height}x{size.Width}: {model.Name} takes only {ownHeight}x{ownWidth} inputs (a backbone takes any size)"), ExitCodes.Usage);
        return (ownHeight, ownWidth);
    }

    /// <summary>HEIGHTxWIDTH in pixels, or null when <paramref name="text"/> is not that.</summary>
    internal static (int Height, int Width)? Parse(string text)
    {
        var parts = text.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && height > 0 && width > 0
            ? (height, width)
            : null;
    }
}
