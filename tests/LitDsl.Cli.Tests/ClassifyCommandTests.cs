using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Cli.Commands;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary>
/// <c>classify</c> end to end: the 10-class tiny-litv2 with the reference's parity weights on JPEG and PNG fixtures gives
/// the reference pipeline's top-5 (PIL decode, build.py's transform, the reference forward, softmax:
/// tools/reference/make_classify_fixture.py), and bad files give one error line each.
/// </summary>
public sealed class ClassifyCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string Image(string name) => Fixture(Path.Combine("images", name));

    private static readonly string Weights = Fixture("tiny-litv2.weights.safetensors");

    private static CliResult Classify(params string[] images) =>
        CliResult.Of(["classify", "tiny-litv2", "--weights", Weights, "--provider", "cpu", "--threads", "1", .. images]);

    [Fact]
    public void Prints_the_reference_top_5_for_a_jpeg_and_a_png()
    {
        string[] files = ["portrait.jpg", "landscape.png", "gray.png"];
        var result = Classify(files.Select(Image).ToArray());

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal(files.Length * 6, lines.Length);
        using var reference = JsonDocument.Parse(File.ReadAllText(Fixture("classify-tiny-litv2.json")));
        foreach (var (expected, block) in reference.RootElement.GetProperty("images").EnumerateArray().Select((e, i) => (e, i)))
        {
            Assert.Equal(Image(expected.GetProperty("file").GetString()!), lines[block * 6]);
            var top5 = expected.GetProperty("top5").EnumerateArray().ToArray();
            for (int k = 0; k < 5; k++)
            {
                int index = top5[k].GetProperty("index").GetInt32();
                double probability = top5[k].GetProperty("probability").GetDouble();
                // No label list has 10 names, so classes are printed by index.
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"  {probability:0.0000}  class {index} ({index})"), lines[block * 6 + 1 + k]);
            }
        }
    }

    [Fact]
    public void Json_probabilities_equal_the_reference_within_1e_4_whatever_the_batch()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Fixture("classify-tiny-litv2.json")));
        var expected = reference.RootElement.GetProperty("images").EnumerateArray().ToArray();
        string[] files = expected.Select(e => Image(e.GetProperty("file").GetString()!)).ToArray();

        foreach (string batch in new[] { "1", "2", "8" })
        {
            var result = CliResult.Of(["classify", "tiny-litv2", "-w", Weights, "--provider", "cpu", "--batch", batch, "--json", .. files]);
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            Assert.Equal("tiny-litv2", json.RootElement.GetProperty("model").GetString());
            Assert.Equal("cpu", json.RootElement.GetProperty("provider").GetString());
            var images = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
            Assert.Equal(files.Length, images.Length);
            for (int i = 0; i < files.Length; i++)
            {
                Assert.Equal(files[i], images[i].GetProperty("file").GetString());
                var ours = images[i].GetProperty("predictions").EnumerateArray().ToArray();
                var theirs = expected[i].GetProperty("top5").EnumerateArray().ToArray();
                Assert.Equal(theirs.Select(t => t.GetProperty("index").GetInt32()), ours.Select(o => o.GetProperty("index").GetInt32()));
                for (int k = 0; k < 5; k++)
                {
                    double difference = Math.Abs(ours[k].GetProperty("probability").GetDouble() - theirs[k].GetProperty("probability").GetDouble());
                    Assert.True(difference < 1e-4, $"{files[i]} #{k}: |Δp| = {difference:E2}");
                    Assert.Equal(JsonValueKind.Null, ours[k].GetProperty("label").ValueKind);
                }
            }
        }
    }

    [Fact]
    public void A_corrupt_image_is_one_error_line_naming_it_and_the_others_are_still_classified()
    {
        using var temp = new TempDirectory();
        string corrupt = temp.File("corrupt.jpg");
        byte[] jpeg = File.ReadAllBytes(Image("portrait.jpg"));
        File.WriteAllBytes(corrupt, jpeg[..(jpeg.Length / 2)]);

        var result = Classify(Image("landscape.png"), corrupt);

        Assert.Equal(1, result.ExitCode);
        var errors = result.Error.TrimEnd().Split('\n');
        Assert.Single(errors);
        Assert.Equal($"error: {corrupt}: JPEG data is truncated: the file ends before its end-of-image marker", errors[0]);
        Assert.StartsWith(Image("landscape.png") + "\n", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(corrupt, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lists_report_progress_on_stderr_and_short_ones_do_not()
    {
        string[] many = Enumerable.Repeat(Image("small.png"), ClassifyCommand.LongList).ToArray();
        var result = CliResult.Of(["classify", "tiny-litv2", "-w", Weights, "--provider", "cpu", "--batch", "32", .. many]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"tiny-litv2: {many.Length} images …", result.Error.TrimEnd());
        Assert.Equal(many.Length * 6, result.Output.TrimEnd().Split('\n').Length);
        // Every copy of the same image gets the same answer, whatever its place in a batch.
        Assert.Single(result.Output.Split(Image("small.png") + "\n", StringSplitOptions.RemoveEmptyEntries).Distinct());

        Assert.Equal("", Classify(many[..40]).Error);
    }

    [Theory]
    [InlineData("empty.png", "is empty (0 bytes), not an image")]
    [InlineData("notes.jpg", "is not a JPEG or PNG image (it starts with 68656C6C6F)")]
    [InlineData("missing.png", "does not exist")]
    public void Unreadable_files_are_one_error_line_each(string name, string problem)
    {
        using var temp = new TempDirectory();
        string path = temp.File(name);
        if (name == "empty.png") File.WriteAllBytes(path, []);
        if (name == "notes.jpg") File.WriteAllText(path, "hello");

        var result = Classify(path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {path}: {problem}\n", result.Error.Replace("\r\n", "\n"));
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_model_that_is_not_a_classifier_is_a_usage_error()
    {
        var result = CliResult.Of("classify", "hilo-demo", "--weights", Weights, Image("landscape.png"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: hilo-demo is not an image classifier", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_without_the_models_tensors_are_one_error_line()
    {
        var result = CliResult.Of("classify", "litv2-s", "--weights", Weights, Image("landscape.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("tiny-litv2.weights.safetensors: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classify", "tiny-litv2", "x.png")]                                   // no --weights
    [InlineData("classify", "tiny-litv2", "--weights", "w.safetensors")]               // no image
    [InlineData("classify", "tiny-litv2", "-w", "w.safetensors", "--batch", "0", "x.png")]
    public void Bad_arguments_exit_2_with_one_error_line(params string[] args)
    {
        var result = CliResult.Of(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }
}
