using System.Text.Json;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Tests.Imaging;

/// <summary>
/// The golden image fixtures (tools/reference/make_image_fixtures.py): small JPEG/PNG test images, PIL's decoded
/// pixels of each, and the reference transform's tensors.
/// </summary>
internal static class ImageFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "images");

    public static IReadOnlyList<FixtureImage> All { get; } = Load();

    private static readonly Lazy<IReadOnlyDictionary<string, FloatTensor>> ExpectedTensors =
        new(() => SafetensorsFile.Read(Path.Combine(Directory, "expected.safetensors")).Tensors);

    public static FixtureImage Get(string file) => All.Single(i => i.File == file);

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>PIL's <c>convert("RGB")</c> pixels of <paramref name="image"/>.</summary>
    public static byte[] PillowPixels(FixtureImage image) => File.ReadAllBytes(PathOf(image.File + ".rgb"));

    /// <summary>The reference transform of <paramref name="image"/> at <paramref name="size"/>, [3, size, size].</summary>
    public static FloatTensor Expected(FixtureImage image, int size) => ExpectedTensors.Value[$"{image.File}/{size}"];

    private static IReadOnlyList<FixtureImage> Load()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "expected.json")));
        return manifest.RootElement.GetProperty("images").EnumerateArray()
            .Select(e => new FixtureImage(
                e.GetProperty("file").GetString()!,
                e.GetProperty("pilMode").GetString()!,
                e.GetProperty("width").GetInt32(),
                e.GetProperty("height").GetInt32(),
                e.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32()).ToArray()))
            .ToList();
    }
}

/// <summary>One fixture image as the manifest lists it.</summary>
internal sealed record FixtureImage(string File, string PillowMode, int Width, int Height, int[] Sizes)
{
    public override string ToString() => File;
}
