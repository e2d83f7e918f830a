using System.Collections.Generic;
using System.Linq;

namespace LitDsl.Generator.Tests;

/// <summary>One test per diagnostic: its ID, that it points at the argument at fault, and what the message says.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using LitDsl;\nnamespace Demo;\n";

    /// <summary>A valid LITv2-S-like declaration in which one piece is replaced by the test's text.</summary>
    private static string Model(string modelArgs = "\"demo\"", string stage3 = "[HiLoStage(3, Depth = 2, Heads = 12, WindowSize = 2)]",
        string declaration = "public static partial class Demo;", string stages12 = "[ConvFfnStage(1)]\n[ConvFfnStage(2)]") =>
        Usings + $"[LitModel({modelArgs})]\n{stages12}\n{stage3}\n[HiLoStage(4, Heads = 24, WindowSize = 1)]\n{declaration}\n";

    /// <summary>The valid model with a <c>[Backbone]</c> attribute written as given.</summary>
    private static string Backbone(string backbone, string modelArgs = "\"demo\"", string stage3 = "[HiLoStage(3, Depth = 2, Heads = 12, WindowSize = 2)]") =>
        Model(modelArgs: modelArgs, stage3: stage3, stages12: backbone + "\n[ConvFfnStage(1)]\n[ConvFfnStage(2)]");

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "LIT0001", Model(declaration: "public static class [|Demo|];"), "must be declared partial" },
        { "LIT0002", Model(stage3: "[HiLoStage(3, [|Heads = 7|])]"), "384 channels, which 7 heads do not divide" },
        { "LIT0003", Model(stage3: "[HiLoStage(3, Heads = 12, [|Alpha = 1.5|])]"), "Alpha is 1.5" },
        { "LIT0004", Model(stage3: "[HiLoStage(3, Heads = 12, [|WindowSize = 0|])]"), "WindowSize is 0" },
        { "LIT0005", Model(stage3: "[HiLoStage(3, Heads = 12, [|WindowSize = 4|])]"), "14×14 feature map, which window size 4 does not divide" },
        { "LIT0006", Model(modelArgs: "\"demo\", [|ImageSize = 200|]"), "ImageSize 200 is not divisible by 32" },
        { "LIT0007", Model(stage3: "[[|HiLoStage(3, Depth = 2)|]]"), "attention layer without heads" },
        { "LIT0008", Model(stage3: "[HiLoStage(3, [|Depth = 0|], Heads = 12)]"), "Depth is 0 in stage 3" },
        { "LIT0009", Usings + "[[|LitModel(\"demo\")|]]\npublic static partial class Demo;", "declares no stages" },
        { "LIT0011", Model(stages12: "[ConvFfnStage(1)]\n[ConvFfnStage(2)]\n[HiLoStage([|2|], Heads = 6)]"), "Stage 2 is declared twice" },
        { "LIT0012", Model(modelArgs: "\"demo\", [|MlpRatio = 2.7|]"), "MlpRatio 2.7 gives a hidden width of 259.2" },
        { "LIT0013", Model(modelArgs: "[|\"Demo_Model\"|]"), "'Demo_Model' is not kebab-case" },
        { "LIT0014", Model(modelArgs: "\"demo\", [|Classes = 0|]"), "Classes is 0" },
        { "LIT0015", Model(stages12: "[ConvFfnStage(1)]", stage3: "[HiLoStage([|3|], Heads = 12)]"), "Stage 3 is declared but stage 2 is not" },
        { "LIT0016", Usings + "[LitModel(\"demo\")]\n[ConvFfnStage(1)]\npublic partial class [|Demo|]<T>;", "is generic" },
        { "LIT0017", Model(stage3: "[AttentionStage(3, Mixer = Mixer.Sra, Heads = 12, [|ReductionRatio = 0|])]"), "ReductionRatio is 0 in the Sra mixer of stage 3" },
        { "LIT0018", Model(stage3: "[AttentionStage(3, Mixer = Mixer.Sra, Heads = 12, [|ReductionRatio = 4|])]"), "14×14 feature map, which reduction ratio 4 does not divide" },
        { "LIT0005", Model(stage3: "[AttentionStage(3, Mixer = Mixer.Window, Heads = 12, [|WindowSize = 4|])]"), "14×14 feature map, which window size 4 does not divide" },
        { "LIT0005", Model(stage3: "[[|AttentionStage(3, Mixer = Mixer.Window, Heads = 12)|]]", modelArgs: "\"demo\", ImageSize = 256"), "16×16 feature map, which window size 7 does not divide" },
        { "LIT0005", Model(stage3: "[AttentionStage(3, Mixer = Mixer.HiLo, Heads = 12, [|WindowSize = 4|])]"), "The HiLo mixer of stage 3 works on a 14×14 feature map, which window size 4 does not divide" },
        { "LIT0019", Model(stage3: "[AttentionStage(3, Mixer = Mixer.Msa, Heads = 12, [|Alpha = 0.5|])]"), "Alpha does not apply to the Msa mixer in stage 3" },
        { "LIT0019", Model(stage3: "[AttentionStage(3, Mixer = Mixer.KeyOnly, Heads = 12, [|WindowSize = 2|])]"), "WindowSize does not apply to the KeyOnly mixer" },
        { "LIT0019", Model(stage3: "[AttentionStage(3, Mixer = Mixer.HiLo, Heads = 12, [|ReductionRatio = 2|])]"), "ReductionRatio does not apply to the HiLo mixer" },
        { "LIT0020", Model(stage3: "[AttentionStage(3, [|Mixer = (Mixer)9|], Heads = 12)]"), "Mixer value 9 is not a LitDsl.Mixer" },
        { "LIT0019", Model(stage3: "[AttentionStage(3, Mixer = Mixer.Msa, Heads = 12, [|U1 = U1Form.Full|])]"), "U1 does not apply to the Msa mixer in stage 3; remove it (only KeyOnly takes it)" },
        { "LIT0019", Model(stage3: "[AttentionStage(3, Mixer = Mixer.HiLo, Heads = 12, [|U1 = U1Form.PerHead|])]"), "U1 does not apply to the HiLo mixer" },
        { "LIT0021", Model(stage3: "[AttentionStage(3, Mixer = Mixer.KeyOnly, Heads = 12, [|U1 = (U1Form)5|])]"), "U1 value 5 is not a LitDsl.U1Form" },
        { "LIT0002", Model(stage3: "[AttentionStage(3, Mixer = Mixer.KeyOnly, [|Heads = 7|])]"), "The KeyOnly mixer of stage 3 has 384 channels, which 7 heads do not divide" },
        { "LIT0007", Usings + "[LitModel(\"layer\")]\n[[|AttentionLayer(Mixer = Mixer.Msa, Dim = 64)|]]\npublic static partial class Layer;", "The Msa mixer of the single layer is an attention layer without heads" },
        { "LIT0005", Usings + "[LitModel(\"layer\")]\n[AttentionLayer(Mixer = Mixer.Window, Tokens = 14, Dim = 64, Heads = 4, [|WindowSize = 4|])]\npublic static partial class Layer;", "which window size 4 does not divide" },
        { "LIT0011", Usings + "[LitModel(\"layer\", [|PadToWindow = true|])]\n[AttentionLayer(Mixer = Mixer.Msa, Dim = 64, Heads = 4)]\npublic static partial class Layer;", "PadToWindow does not apply to model 'layer': none of its mixers attends in windows" },
        { "LIT0014", LinGlo(stage1: "[LinGloStage(1, Depth = 1, Heads = 1)]", stage1Marked: "[[|LinGloStage(1, Depth = 1, Heads = 1)|]]"), "Channels is 0" },
        { "LIT0014", LinGlo(stage1: "[LinGloStage(1, Channels = 8, Heads = 1, [|CpeBranches = 0|])]"), "CpeBranches is 0" },
        { "LIT0012", LinGlo(stage1: "[LinGloStage(1, Channels = 10, Heads = 1, [|MlpRatio = 2.55|])]"), "MlpRatio 2.55 gives a hidden width of 25.5 for 10 channels" },
        { "LIT0002", LinGlo(stage1: "[LinGloStage(1, Channels = 10, [|Heads = 3|])]"), "The KeyOnly mixer of stage 1 has 10 channels, which 3 heads do not divide" },
        { "LIT0011", LinGlo(modelArgs: "\"tiny\", [|EmbedDim = 64|]"), "EmbedDim does not apply to a LinGlo model" },
        { "LIT0011", LinGlo(stage1: "[LinGloStage(1, Channels = 8, Heads = 1)]\n[[|ConvFfnStage(3)|]]"), "[ConvFfnStage] cannot be combined with [LinGloStage]" },
        { "LIT0029", Backbone("[Backbone([|OutIndices = new[] { 1, 4 }|])]"), "OutIndices lists 4, which is not a stage of 'demo' (it has 4)" },
        { "LIT0029", Backbone("[Backbone([|OutIndices = new[] { 2, 2 }|])]"), "OutIndices lists stage 2 twice" },
        { "LIT0029", Backbone("[Backbone([|OutIndices = new int[0]|])]"), "OutIndices is empty" },
        { "LIT0030", Backbone("[Backbone([|Height = 28|], Width = 64)]"), "Height is 28; backbone 'demo' takes inputs of at least 29 px a side" },
        { "LIT0030", Backbone("[[|Backbone(Height = 512)|]]", modelArgs: "\"demo\", PatchSize = 64"), "Width is 224; backbone 'demo' takes inputs of at least 449 px a side" },
        { "LIT0031", Backbone("[Backbone]", stage3: "[AttentionStage(3, [|Mixer = Mixer.Sra|], Heads = 12)]"), "The Sra mixer of stage 3 cannot be in a backbone" },
        { "LIT0032", Backbone("[Backbone([|Norms = (OutputNorms)7|])]"), "Norms value 7 is not a LitDsl.OutputNorms" },
        { "LIT0011", Backbone("[Backbone]", modelArgs: "\"demo\", [|ImageSize = 256|]"), "ImageSize does not apply to a backbone" },
        { "LIT0011", Backbone("[Backbone]", modelArgs: "\"demo\", [|Classes = 10|]"), "Classes does not apply to a backbone; remove it (a backbone has no classifier)" },
        { "LIT0011", Backbone("[Backbone]", modelArgs: "\"demo\", [|PadToWindow = true|]"), "PadToWindow does not apply to a backbone" },
        { "LIT0011", Usings + "[LitModel(\"layer\")]\n[[|Backbone|]]\n[AttentionLayer(Mixer = Mixer.Msa, Dim = 64, Heads = 4)]\npublic static partial class Layer;", "[Backbone] cannot be combined with [AttentionLayer]" },
        { "LIT0014", Backbone("[Backbone([|Width = 0|])]"), "Width is 0" },
        { "LIT0022", Backbone("[Backbone([|Height = 9000|])]"), "Height is 9000; it must be at most 8192" },
        { "LIT0022", Model(modelArgs: "\"demo\", [|EmbedDim = 20000|]"), "EmbedDim is 20000; it must be at most 16384" },
        { "LIT0022", Model(stage3: "[HiLoStage(3, [|Depth = 300|], Heads = 12)]"), "Depth is 300; it must be at most 256" },
        { "LIT0022", Model(stage3: "[AttentionStage(3, Mixer = Mixer.Window, Heads = 12, [|WindowSize = 2000|])]"), "WindowSize is 2000; it must be at most 1024" },
        { "LIT0022", Usings + "[LitModel(\"layer\")]\n[AttentionLayer([|Tokens = 46341|], Dim = 8, Heads = 1)]\npublic static partial class Layer;", "Tokens is 46341; it must be at most 4096" },
        { "LIT0022", LinGlo(stage1: "[LinGloStage(1, Channels = 8, Heads = 1, [|CpeBranches = 65|])]"), "CpeBranches is 65; it must be at most 64" },
        { "LIT0022", Model(stage3: "[HiLoStage(3, Heads = 12)]\n[ConvFfnStage(5)]\n[ConvFfnStage(6)]\n[ConvFfnStage(7)]\n[ConvFfnStage(8)]\n[ConvFfnStage([|9|])]", modelArgs: "\"demo\", ImageSize = 1024"), "The stage index is 9; it must be at most 8" },
        { "LIT0023", Usings + "[[|LitModel(\"huge\", ImageSize = 8192, PatchSize = 1, EmbedDim = 16384, Classes = 10)|]]\n[AttentionStage(1, Mixer = Mixer.Msa, Heads = 1)]\npublic static partial class Huge;", "Model 'huge' is too large: its parameters or FLOPs do not fit a 64-bit integer" },
        { "LIT0023", Usings + "[[|LitModel(\"wide\", ImageSize = 32, EmbedDim = 16384, Classes = 1000000)|]]\n[ConvFfnStage(1)]\npublic static partial class Wide;", "more than the 500,000,000 one exported ONNX file holds" },
        { "LIT0024", Usings + "[LitModel(\"r\")]\n[ConvFfnStage(1)]\npublic partial record [|R|];", "'R' is a record; declare the model on a partial class" },
        { "LIT0025", Usings + "public partial class Outer\n{\n    [LitModel(\"p\")]\n    [ConvFfnStage(1)]\n    private static partial class [|Hidden|];\n}", "'Hidden' is private" },
        { "LIT0026", Usings + "[LitModel(\"m\")]\n[ConvFfnStage(1)]\npublic static partial class [|M|] { public static int Flops; }", "'M' already has a member named 'Flops'" },
        { "LIT0027", Usings + "[LitModel(\"a\")]\n[ConvFfnStage(1)]\npublic static partial class Twice;\n[[|LitModel(\"b\")|]]\npublic static partial class Twice;", "[LitModel] is written on more than one partial declaration of 'Twice'" },
    };

    /// <summary>A valid two-stage LinGlo declaration in which one piece is replaced by the test's text.</summary>
    private static string LinGlo(string modelArgs = "\"tiny\"", string stage1 = "[LinGloStage(1, Channels = 8, Heads = 1)]",
        string? stage1Marked = null) =>
        Usings + $"[LitModel({modelArgs}, ImageSize = 32)]\n{stage1Marked ?? stage1}\n[LinGloStage(2, Channels = 16, Heads = 2)]\npublic static partial class Tiny;\n";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_diagnostic_on_the_argument_at_fault(string id, string markedSource, string messagePart)
    {
        var source = MarkedSource.Parse(markedSource);
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(source.Text);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData(null, true)]     // the targets are not imported: the property is not there at all
    [InlineData("", true)]
    [InlineData("true", false)]
    [InlineData("false", false)] // imported, the report turned off on purpose
    public void Models_without_the_build_targets_get_LIT0028_once_for_the_project(string? reportProperty, bool reported)
    {
        var properties = new Dictionary<string, string>();
        if (reportProperty is not null) properties["LitDslReport"] = reportProperty;
        var driver = GeneratorHarness.Driver(buildProperties: properties)
            .RunGenerators(GeneratorHarness.Compilation(Model(), Model().Replace("\"demo\"", "\"other\"").Replace("class Demo", "class Other")));

        var diagnostics = driver.GetRunResult().Diagnostics;
        if (!reported)
        {
            Assert.Empty(diagnostics);
            return;
        }
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LIT0028", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.Location.None, diagnostic.Location);
        Assert.Contains("does not import LitDsl's build targets (build/LitDsl.targets)", diagnostic.GetMessage());
        // A project without models needs no targets.
        Assert.Empty(GeneratorHarness.Driver(buildProperties: properties)
            .RunGenerators(GeneratorHarness.Compilation("namespace Plain; public static class C;")).GetRunResult().Diagnostics);
    }

    [Fact]
    public void Duplicate_model_names_are_reported_on_the_second_name()
    {
        var first = Usings + "[LitModel(\"twin\")]\n[ConvFfnStage(1)]\npublic static partial class First;";
        var second = MarkedSource.Parse(Usings + "[LitModel([|\"twin\"|])]\n[ConvFfnStage(1)]\npublic static partial class Second;");

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(first, second.Text));

        Assert.Equal("LIT0010", diagnostic.Id);
        Assert.Equal(second.Span, diagnostic.Location.SourceSpan);
        Assert.Equal("Model1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("already used by Demo.First", diagnostic.GetMessage());
    }

    [Fact]
    public void Stages_conflict_with_a_single_layer()
    {
        var source = MarkedSource.Parse(Usings +
            "[LitModel(\"layer\")]\n[HiLoLayer(Dim = 64, Heads = 4)]\n[[|ConvFfnStage(1)|]]\npublic static partial class Layer;");
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(source.Text));
        Assert.Equal("LIT0011", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
    }

    [Fact]
    public void Image_settings_conflict_with_a_single_layer()
    {
        var source = MarkedSource.Parse(Usings +
            "[LitModel(\"layer\", [|EmbedDim = 64|])]\n[HiLoLayer(Dim = 64, Heads = 4)]\npublic static partial class Layer;");
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(source.Text));
        Assert.Equal("LIT0011", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Contains("EmbedDim does not apply to a single-layer model", diagnostic.GetMessage());
    }

    [Fact]
    public void PadToWindow_accepts_a_window_that_does_not_divide_the_map()
    {
        var source = Model(modelArgs: "\"demo\", PadToWindow = true", stage3: "[HiLoStage(3, Heads = 12, WindowSize = 4)]");
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(source));
    }

    [Fact]
    public void A_backbone_pads_every_window_and_takes_any_reference_size_from_its_smallest()
    {
        // Stage 3 of a 1280×800 input is 80×50, which window 4 does not divide: a backbone pads (no LIT0005).
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(Backbone("[Backbone(Height = 1280, Width = 800)]",
            stage3: "[HiLoStage(3, Heads = 12, WindowSize = 4)]")));
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(Backbone("[Backbone(Height = 29, Width = 29, OutIndices = new[] { 3, 1 })]",
            stage3: "[AttentionStage(3, Mixer = Mixer.Window, Heads = 12)]")));
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(LinGlo(modelArgs: "\"tiny\"").Replace(", ImageSize = 32)]", ")]\n[Backbone(Height = 1, Width = 3)]")));
    }

    [Fact]
    public void Every_problem_of_a_stage_is_reported_at_once()
    {
        var source = Model(stage3: "[HiLoStage(3, Depth = 0, Heads = 7, Alpha = -1, WindowSize = 0)]");
        var ids = GeneratorHarness.GeneratorDiagnostics(source).Select(d => d.Id).OrderBy(i => i).ToArray();
        Assert.Equal(new[] { "LIT0002", "LIT0003", "LIT0004", "LIT0008" }, ids);
    }

    [Fact]
    public void An_input_size_error_does_not_hide_the_errors_that_do_not_depend_on_it()
    {
        // The feature-map sides are unknown once ImageSize does not fit, but heads, alpha and depth can still be checked.
        var source = Usings + "[LitModel(\"demo\", ImageSize = 200)]\n[ConvFfnStage(1, Depth = 0)]\n[ConvFfnStage(2)]\n" +
            "[HiLoStage(3, Heads = 7, Alpha = 1.5, WindowSize = 4)]\n[HiLoStage(4, Heads = 24, WindowSize = 1)]\npublic static partial class Demo;";

        var diagnostics = GeneratorHarness.GeneratorDiagnostics(source);

        Assert.Equal(new[] { "LIT0002", "LIT0003", "LIT0006", "LIT0008" }, diagnostics.Select(d => d.Id).OrderBy(i => i).ToArray());
        string At(string id) => source.Substring(diagnostics.Single(d => d.Id == id).Location.SourceSpan.Start,
            diagnostics.Single(d => d.Id == id).Location.SourceSpan.Length);
        Assert.Equal("ImageSize = 200", At("LIT0006"));
        Assert.Equal("Heads = 7", At("LIT0002"));
        Assert.Equal("Alpha = 1.5", At("LIT0003"));
        Assert.Equal("Depth = 0", At("LIT0008"));
    }

    [Fact]
    public void Every_mixer_accepts_its_own_arguments()
    {
        string[] stages =
        [
            "[AttentionStage(3, Mixer = Mixer.HiLo, Heads = 12, WindowSize = 2, Alpha = 0.5)]",
            "[AttentionStage(3, Mixer = Mixer.Msa, Heads = 12)]",
            "[AttentionStage(3, Mixer = Mixer.Sra, Heads = 12, ReductionRatio = 7)]",
            "[AttentionStage(3, Mixer = Mixer.Window, Heads = 12, WindowSize = 14)]",
            "[AttentionStage(3, Mixer = Mixer.KeyOnly, Heads = 12)]",
        ];
        foreach (var stage in stages)
            Assert.Empty(GeneratorHarness.GeneratorDiagnostics(Model(stage3: stage)));
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(LinGlo()));
    }

    [Fact]
    public void Broken_declarations_never_make_the_generator_throw()
    {
        // Attribute arguments of the wrong type, a missing name, a null name: compiler errors, never a generator crash.
        string[] sources =
        [
            Usings + "[LitModel(null)]\n[ConvFfnStage(1)]\npublic static partial class A;",
            Usings + "[LitModel(\"b\", ImageSize = \"big\")]\n[ConvFfnStage(1)]\npublic static partial class B;",
            Usings + "[LitModel]\n[HiLoStage(1)]\npublic static partial class C;",
            Usings + "[LitModel(\"d\")]\n[HiLoLayer(Dim = 10, Heads = 3, Alpha = double.NaN)]\npublic static partial class D;",
            Usings + "[LitModel(\"e\", ImageSize = int.MaxValue, EmbedDim = int.MaxValue)]\n[ConvFfnStage(1)]\npublic static partial class E;",
            Usings + "[LitModel(\"f\")]\n[AttentionLayer(Mixer = (Mixer)(-1), Dim = 8, Heads = 2)]\npublic static partial class F;",
            Usings + "[LitModel(\"g\", ImageSize = 1)]\n[LinGloStage(1, Channels = 8, Heads = 1)]\n[LinGloStage(2, Channels = 8, Heads = 1, Mixer = Mixer.Window, WindowSize = 3)]\npublic static partial class G;",
            Usings + "[LitModel(\"h\")]\n[LinGloStage(1, Channels = int.MaxValue, Heads = 1, MlpRatio = 8)]\npublic static partial class H;",
        ];
        foreach (var source in sources)
        {
            var (result, _) = GeneratorHarness.Run(source);
            Assert.Null(result.Exception);
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "LIT9999");
        }
    }
}
