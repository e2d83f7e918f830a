using System.Collections.Generic;
using LitDsl.Runtime.Imaging;

namespace LitDsl.Cli.Classifying;

/// <summary>One image's answer: its top classes, or why it could not be read (then <see cref="Predictions"/> is empty).</summary>
internal sealed record ClassifiedImage(string File, IReadOnlyList<ClassPrediction> Predictions, string? Error)
{
    public static ClassifiedImage Failed(string file, string error) => new(file, [], error);
}
