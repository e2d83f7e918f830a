using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LitDsl.Generator.Tests.Properties;

/// <summary>
/// One random [LitModel] declaration, a function of its seed alone: attribute combinations of every family, sizes
/// drawn mostly from plausible values and sometimes from the extremes (0, negatives, each bound and one past it,
/// int.MaxValue, NaN, a float alpha), and odd C# shapes (nesting, keywords, records, generics, file-local types,
/// private containers, a member the generator writes). <see cref="CannotBeAModel"/> says when the C# shape alone must
/// be refused; whether the architecture holds is for the generator to say.
/// </summary>
internal sealed class RandomDeclaration
{
    private readonly Random _random;
    private readonly StringBuilder _source = new();

    public RandomDeclaration(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        Source = Generate();
    }

    public int Seed { get; }

    /// <summary>The declaration's file: the class, its attributes and, when it can take members, code that uses them.</summary>
    public string Source { get; }

    /// <summary>The model name written (unique per seed unless it is one of the invalid names).</summary>
    public string Name { get; private set; } = "";

    /// <summary>Why the C# shape cannot be a model whatever its attributes say (null when it can).</summary>
    public string? CannotBeAModel { get; private set; }

    /// <summary>Whether the declaration writes [Backbone] (its class then has a backbone's members, generated or stubs).</summary>
    public bool IsBackbone { get; private set; }

    private string Generate()
    {
        var ns = $"P{Seed}";
        var shape = ClassShape();
        var declareClash = CannotBeAModel is null && Chance(0.01);
        if (declareClash) CannotBeAModel = "declares Flops";

        _source.Append("using LitDsl;\n\n");
        var keywordNamespace = Chance(0.03);
        _source.Append("namespace ").Append(ns).Append(keywordNamespace ? ".@class" : "").Append("\n{\n");
        foreach (var line in shape.Opening) _source.Append(line).Append('\n');
        WriteAttributes();
        _source.Append(shape.Modifiers).Append(' ').Append(shape.Keyword).Append(' ').Append(shape.Name).Append(shape.TypeParameters)
            .Append(declareClash ? " { public const long Flops = 1; }\n" : ";\n");
        foreach (var line in shape.Closing) _source.Append(line).Append('\n');

        if (CannotBeAModel is null)
        {
            // Code that uses every generated member: it must compile whether or not the declaration has errors.
            const string outputs = "System.Collections.Generic.IReadOnlyList<LitDsl.Graph.TensorValue>";
            _source.Append("internal static class Uses").Append(Seed).Append("\n{\n")
                .Append("    public static object[] Members() =>\n    [\n")
                .Append($"        {shape.Reference}.ModelName, {shape.Reference}.Parameters, {shape.Reference}.Flops, {shape.Reference}.Layers, {shape.Reference}.Info,\n")
                .Append(IsBackbone
                    ? $"        (System.Func<LitDsl.Graph.GraphBuilder, {outputs}>){shape.Reference}.Build,\n" +
                      $"        (System.Func<LitDsl.Graph.GraphBuilder, int, int, {outputs}>){shape.Reference}.Build,\n" +
                      $"        (System.Func<int, int, long>){shape.Reference}.FlopsAt,\n"
                    : $"        (System.Func<LitDsl.Graph.GraphBuilder, LitDsl.Graph.TensorValue>){shape.Reference}.Build,\n")
                .Append("    ];\n}\n");
        }
        _source.Append("}\n");
        return _source.ToString();
    }

    /// <summary>How the class is declared, where, and how other code names it.</summary>
    private sealed record Shape(string Name, string Reference, string[] Opening, string[] Closing, string Modifiers,
        string Keyword = "class", string TypeParameters = "");

    private Shape ClassShape()
    {
        var roll = _random.NextDouble();
        var name = "M" + Seed.ToString(CultureInfo.InvariantCulture);
        var outer = "Outer" + Seed.ToString(CultureInfo.InvariantCulture);
        if (roll < 0.70) return new(name, name, [], [], "public static partial");
        if (roll < 0.74) return new(name, name, [], [], "internal sealed partial");
        if (roll < 0.78)
        {
            var keyword = Pick("class", "record", "struct", "record struct", "interface");
            return new(name, $"{outer}.{name}", [$"public partial {keyword} {outer}", "{"], ["}"], "public static partial");
        }
        if (roll < 0.81)
            return Cannot("nested in a private class", new(name, name, [$"public partial class {outer}", "{", "private partial class Secret", "{"],
                ["}", "}"], "public static partial"));
        if (roll < 0.83) return Cannot("private", new(name, name, [$"public partial class {outer}", "{"], ["}"], "private static partial"));
        if (roll < 0.86) return Cannot("not partial", new(name, name, [], [], "public static"));
        if (roll < 0.89) return Cannot("generic", new(name, name, [], [], "public partial", TypeParameters: "<T>"));
        if (roll < 0.91)
            return Cannot("nested in a generic class", new(name, name, [$"public partial class {outer}<T>", "{"], ["}"], "public static partial"));
        if (roll < 0.93) return Cannot("a record", new(name, name, [], [], "public partial", Keyword: "record"));
        if (roll < 0.95) return Cannot("file-local", new(name, name, [], [], "file static partial"));
        if (roll < 0.97)
        {
            // Keyword and contextual-keyword names, escaped as a user writes them.
            var keyword = Pick("@class", "@var", "@static", "@partial", "@async", "@nameof");
            var container = "K" + Seed.ToString(CultureInfo.InvariantCulture);
            return new(keyword, $"{container}.{keyword}", [$"public static partial class {container}", "{"], ["}"], "public static partial");
        }
        if (roll < 0.99) return new("Modèle" + Seed, "Modèle" + Seed, [], [], "public static partial");
        return new(name, $"{outer}.Middle.{name}", [$"internal partial class {outer}", "{", "internal partial class Middle", "{"], ["}", "}"],
            "internal static partial");
    }

    private Shape Cannot(string why, Shape shape)
    {
        CannotBeAModel = why;
        return shape;
    }

    // ---- attributes --------------------------------------------------------------------------------------------

    private void WriteAttributes()
    {
        Name = Chance(0.03)
            ? Pick("Bad_Name", "abc\\n", "", "-lead", "trail-", "two--hyphens", "ÜBER")
            : "model-" + Seed.ToString(CultureInfo.InvariantCulture);
        var family = _random.NextDouble();
        var model = new List<string> { Quote(Name) };
        if (family < 0.55)
        {
            var backbone = Chance(0.3);
            AddModelArguments(model, image: true, backbone);
            Attribute("LitModel", model);
            if (backbone) WriteBackbone();
            WritePyramidStages();
        }
        else if (family < 0.75)
        {
            var backbone = Chance(0.3);
            AddModelArguments(model, image: false, backbone);
            Attribute("LitModel", model);
            if (backbone) WriteBackbone();
            WriteLinGloStages();
        }
        else
        {
            if (Chance(0.05)) model.Add($"ImageSize = {Int(32, 64)}");
            if (Chance(0.2)) model.Add($"PadToWindow = {Bool()}");
            Attribute("LitModel", model);
            WriteLayer();
            if (Chance(0.03)) Attribute("ConvFfnStage", ["1"]);
            if (Chance(0.02)) WriteBackbone();
        }
    }

    /// <summary>
    /// [Backbone]: mostly plausible reference sizes (odd ones, ones neither the patch nor a window divides, ones near the
    /// smallest a pyramid takes) and output indices; now and then a size out of range, an index that is no stage, a
    /// repeat, none, or a Norms value that is not an OutputNorms.
    /// </summary>
    private void WriteBackbone()
    {
        IsBackbone = true;
        var arguments = new List<string>();
        if (Chance(0.8)) arguments.Add($"Height = {Size([29, 30, 33, 45, 50, 64, 87, 90, 97, 113, 224], 8192)}");
        if (Chance(0.8)) arguments.Add($"Width = {Size([29, 31, 45, 57, 64, 87, 96, 128, 250], 8192)}");
        if (Chance(0.4))
        {
            arguments.Add(Chance(0.95)
                ? "OutIndices = new[] { " + string.Join(", ", Enumerable.Range(0, 4).Where(_ => Chance(0.6)).DefaultIfEmpty(Int(0, 3))) + " }"
                : "OutIndices = " + Pick("new int[0]", "new[] { 0, 0 }", "new[] { -1 }", "new[] { 8 }", "null", "new[] { 3, 1 }"));
        }
        if (Chance(0.4))
            arguments.Add("Norms = " + (Chance(0.95) ? Pick("OutputNorms.ExceptFirstStage", "OutputNorms.EveryStage") : "(OutputNorms)3"));
        Attribute("Backbone", arguments);
    }

    private void AddModelArguments(List<string> model, bool image, bool backbone = false)
    {
        // A backbone takes no image size or classes (LIT0011): written now and then to check that.
        if (Chance(backbone ? 0.03 : 0.6)) model.Add($"ImageSize = {Size(image ? [32, 56, 64, 96, 112, 128, 224] : [32, 56, 64, 96], 8192)}");
        if (Chance(0.2)) model.Add($"InChannels = {Size([1, 3, 4], 1024)}");
        if (Chance(backbone ? 0.03 : 0.4)) model.Add($"Classes = {Size([1, 10, 100, 1000], 1_000_000)}");
        if (image && Chance(0.3)) model.Add($"PatchSize = {Size([1, 2, 4, 7, 8], 1024)}");
        if (image && Chance(0.7)) model.Add($"EmbedDim = {Size([4, 8, 12, 16, 24, 32, 48], 16384)}");
        if (image && Chance(0.3)) model.Add($"MlpRatio = {Ratio()}");
        if (Chance(0.2)) model.Add($"QkvBias = {Bool()}");
        if (Chance(backbone ? 0.03 : 0.2)) model.Add($"PadToWindow = {Bool()}");
        if (!image && Chance(0.03)) model.Add($"EmbedDim = {Int(8, 32)}");
    }

    private void WritePyramidStages()
    {
        var count = Chance(0.95) ? Int(1, 4) : Int(0, 9);
        for (var index = 1; index <= count; index++)
        {
            var arguments = new List<string> { StageIndex(index, count) };
            if (Chance(0.5)) arguments.Add($"Depth = {Size([1, 2, 3], 256, small: true)}");
            var kind = _random.NextDouble();
            if (kind < 0.4)
            {
                Attribute("ConvFfnStage", arguments);
            }
            else if (kind < 0.7)
            {
                AddMixerArguments(arguments, mixer: false, hiLo: true);
                Attribute("HiLoStage", arguments);
            }
            else
            {
                AddMixerArguments(arguments, mixer: true, hiLo: false);
                Attribute("AttentionStage", arguments);
            }
        }
        if (Chance(0.02)) Attribute("LinGloStage", [StageIndex(count + 1, count + 1), "Channels = 8", "Heads = 1"]);
    }

    private void WriteLinGloStages()
    {
        var count = Chance(0.95) ? Int(1, 4) : Int(0, 9);
        for (var index = 1; index <= count; index++)
        {
            var arguments = new List<string> { StageIndex(index, count) };
            arguments.Add($"Channels = {Size([4, 8, 12, 16, 32], 16384)}");
            if (Chance(0.5)) arguments.Add($"Depth = {Size([1, 2], 256, small: true)}");
            if (Chance(0.4)) arguments.Add($"MlpRatio = {Ratio()}");
            if (Chance(0.3)) arguments.Add($"CpeBranches = {Size([1, 2, 4], 64, small: true)}");
            AddMixerArguments(arguments, mixer: Chance(0.5), hiLo: false);
            Attribute("LinGloStage", arguments);
        }
    }

    private void WriteLayer()
    {
        var hiLo = Chance(0.4);
        var arguments = new List<string>();
        if (Chance(0.7)) arguments.Add($"Tokens = {Size([1, 2, 3, 4, 5, 7, 8, 14], 4096)}");
        if (Chance(0.95)) arguments.Add($"Dim = {Size([4, 8, 16, 24, 32, 64], 16384)}");
        if (Chance(0.3)) arguments.Add($"QkvBias = {Bool()}");
        AddMixerArguments(arguments, mixer: !hiLo, hiLo: hiLo);
        Attribute(hiLo ? "HiLoLayer" : "AttentionLayer", arguments);
    }

    /// <summary>
    /// Heads and the arguments the mixer takes, mostly; now and then one it does not take, or a mixer that is none.
    /// </summary>
    private void AddMixerArguments(List<string> arguments, bool mixer, bool hiLo)
    {
        var kind = hiLo ? "HiLo" : "KeyOnly";
        if (mixer && Chance(0.9))
        {
            kind = Chance(0.97) ? Pick("HiLo", "HiLo", "Msa", "Sra", "Window", "KeyOnly", "KeyOnly") : Pick("(Mixer)9", "(Mixer)(-1)");
            arguments.Add("Mixer = " + (kind.StartsWith('(') ? kind : "Mixer." + kind));
        }
        if (Chance(0.95)) arguments.Add($"Heads = {Size([1, 1, 2, 2, 4, 4, 3, 8], 64)}");
        if (Chance(Takes(kind, "WindowSize") ? 0.7 : 0.04)) arguments.Add($"WindowSize = {Size([1, 2, 2, 3, 4, 7], 1024, small: true)}");
        if (Chance(Takes(kind, "Alpha") ? 0.6 : 0.04)) arguments.Add($"Alpha = {Alpha()}");
        if (!hiLo && Chance(Takes(kind, "ReductionRatio") ? 0.7 : 0.04))
            arguments.Add($"ReductionRatio = {Size([1, 2, 2, 4], 1024, small: true)}");
        if (!hiLo && Chance(Takes(kind, "U1") ? 0.5 : 0.04)) arguments.Add("U1 = " + (Chance(0.95) ? Pick("U1Form.PerHead", "U1Form.Full") : "(U1Form)5"));
    }

    private static bool Takes(string mixer, string argument) => argument switch
    {
        "WindowSize" => mixer is "HiLo" or "Window",
        "Alpha" => mixer == "HiLo",
        "ReductionRatio" => mixer == "Sra",
        _ => mixer == "KeyOnly",
    };

    /// <summary>Stage <paramref name="index"/> as written: itself, mostly; now and then 0, a repeat, a gap or far out.</summary>
    private string StageIndex(int index, int count) => Chance(0.98)
        ? index.ToString(CultureInfo.InvariantCulture)
        : Pick("0", "-1", (index - 1).ToString(CultureInfo.InvariantCulture), (count + 2).ToString(CultureInfo.InvariantCulture), "9",
            "int.MaxValue");

    // ---- values ------------------------------------------------------------------------------------------------

    /// <summary>A plausible value mostly; else an extreme: 0, −1, the bound, one past it, or int.MaxValue.</summary>
    private string Size(int[] plausible, int bound, bool small = false)
    {
        if (Chance(small ? 0.97 : 0.95)) return plausible[_random.Next(plausible.Length)].ToString(CultureInfo.InvariantCulture);
        return Pick("0", "-1", bound.ToString(CultureInfo.InvariantCulture), (bound + 1).ToString(CultureInfo.InvariantCulture),
            "int.MaxValue", "int.MinValue", "46341");
    }

    private string Ratio() => Chance(0.93)
        ? Pick("1", "2", "3", "4", "4.0", "0.5", "2.5", "8")
        : Pick("0", "-1", "64", "65", "1e300", "double.NaN", "double.PositiveInfinity", "0.3f", "2.7");

    private string Alpha() => Chance(0.93)
        ? Pick("0", "0.25", "0.5", "0.7f", "0.7", "0.9", "1", "1.0", "0.333")
        : Pick("-0.1", "1.5", "double.NaN", "double.NegativeInfinity", "1.0000001");

    private string Bool() => Chance(0.5) ? "true" : "false";

    private int Int(int min, int max) => _random.Next(min, max + 1);

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private string Pick(params string[] options) => options[_random.Next(options.Length)];

    private static string Quote(string name) => "\"" + name + "\"";

    private void Attribute(string name, List<string> arguments) =>
        _source.Append('[').Append(name).Append(arguments.Count == 0 ? "" : "(" + string.Join(", ", arguments) + ")").Append("]\n");
}
