namespace LitDsl.Cli.Benchmarking;

/// <summary>
/// A foreign ONNX file timed beside a declared model (<c>bench --baseline</c>). Its work per image is taken to be the
/// model's (it is meant to be the same network exported another way), so its GFLOP/s and fraction of the ceiling compare
/// directly.
/// </summary>
internal sealed record BaselineResult(string File, LatencySample Sample)
{
    /// <summary>How many times the model's images/s this baseline reached in the same interleaved run.</summary>
    public static double Speedup(LatencySample model, LatencySample baseline) =>
        baseline.ImagesPerSecond > 0 ? model.ImagesPerSecond / baseline.ImagesPerSecond : 0;
}
