using System.Collections.Generic;
using LitDsl.Models;
using LitDsl.Runtime.Imaging;

namespace LitDsl.Cli;

/// <summary>The class names of a declared model's scores: ImageNet-1k's for a 1000-class classifier, none otherwise.</summary>
internal static class ModelLabels
{
    public static IReadOnlyList<string>? For(LitModelInfo model) =>
        model.OutputShape is [var classes] && classes == ImageNetLabels.ImageNet1k.Count ? ImageNetLabels.ImageNet1k : null;
}
