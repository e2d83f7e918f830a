using System;
using System.Collections.Generic;
using System.IO;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// The 1000 ImageNet-1k class names in logit order (torchvision's list, written by
/// <c>tools/reference/imagenet_labels.py</c> and embedded in this assembly).
/// </summary>
public static class ImageNetLabels
{
    private const string ResourceName = "LitDsl.Runtime.Imaging.imagenet-1k-labels.txt";

    private static readonly Lazy<IReadOnlyList<string>> Names = new(Load);

    /// <summary>Name of class i at index i; 1000 entries.</summary>
    public static IReadOnlyList<string> ImageNet1k => Names.Value;

    private static IReadOnlyList<string> Load()
    {
        using var stream = typeof(ImageNetLabels).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        var names = new List<string>(1000);
        while (reader.ReadLine() is string line)
        {
            names.Add(line);
        }
        if (names.Count != 1000)
        {
            throw new InvalidOperationException($"{ResourceName} holds {names.Count} names, not 1000.");
        }
        return names.AsReadOnly();
    }
}
