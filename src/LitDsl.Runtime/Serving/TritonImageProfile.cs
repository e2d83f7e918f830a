using System;
using System.Globalization;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// The height and width range of a TensorRT shape profile for an image input whose height and width are symbolic (a
/// backbone's [3, -1, -1]): TensorRT builds one engine that takes every size from the minimum to the maximum, tuned for
/// the optimum. Without one, ONNX Runtime builds an engine for each new shape a request brings.
/// </summary>
public sealed record TritonImageProfile(int MinHeight, int MinWidth, int OptHeight, int OptWidth, int MaxHeight, int MaxWidth)
{
    /// <summary>What is wrong with the range, or null: every side positive, and min ≤ opt ≤ max on each axis.</summary>
    public string? Problem()
    {
        if (MinHeight < 1 || MinWidth < 1)
            return Text($"the profile's smallest size {MinHeight}x{MinWidth} must be positive");
        if (!(MinHeight <= OptHeight && OptHeight <= MaxHeight && MinWidth <= OptWidth && OptWidth <= MaxWidth))
            return Text($"the profile's sizes must grow from min to opt to max on each side, not {MinHeight}x{MinWidth}:{OptHeight}x{OptWidth}:{MaxHeight}x{MaxWidth}");
        return null;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
