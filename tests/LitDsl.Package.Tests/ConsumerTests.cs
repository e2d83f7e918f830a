using System.Text.Json;
using System.Text.RegularExpressions;
using LitDsl.Runtime.Tensors;
using LitDsl.TestSupport;

namespace LitDsl.Package.Tests;

/// <summary>
/// tests/Consumer built from the packed packages alone, as a new user's project: the build report, the generated
/// constants, the exact figures, an export and the reference PyTorch logits; the GPU package; and the wiring mistakes
/// that must fail the build with a clear message rather than silently drop something.
/// </summary>
public sealed partial class ConsumerTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private static string CheckpointFixture(string name) => RepositoryPaths.Combine("tests", "LitDsl.Tests", "Fixtures", "checkpoints", name);

    // The reference's own figures for the consumer's model (checkpoint-litv2's configuration).
    private static JsonElement Reference => JsonDocument.Parse(File.ReadAllText(CheckpointFixture("checkpoint-litv2.json"))).RootElement;

    [Fact]
    public void A_project_with_package_references_only_builds_reports_exports_and_runs_the_reference_logits()
    {
        Assert.Null(ChildProcess.PathWithoutNpm().Split(Path.PathSeparator).FirstOrDefault(folder => File.Exists(Path.Combine(folder, "npm"))));
        using var consumer = new ConsumerProject(feed, "cpu");
        BuildsReportsExportsAndRuns(consumer);
    }

    [Fact]
    public void A_net8_project_gets_the_net8_assemblies_and_runs_the_reference_logits()
    {
        // This machine has no .NET 8 runtime: the net8.0 build runs on .NET 10 by roll-forward, as it would on a newer
        // runtime; what it proves is that net8.0 projects compile and link against the packages' net8.0 assemblies.
        using var consumer = new ConsumerProject(feed, "net8").Targeting("net8.0");
        consumer.RunEnvironment["DOTNET_ROLL_FORWARD"] = "Major";
        BuildsReportsExportsAndRuns(consumer);
        string deps = File.ReadAllText(Path.Combine(consumer.Output, "Consumer.deps.json"));
        foreach (string package in new[] { "LitDsl", "LitDsl.Runtime", "LitDsl.Cli" })
        {
            Assert.Contains($"\"lib/net8.0/{package}.dll\"", deps);
        }
    }

    private void BuildsReportsExportsAndRuns(ConsumerProject consumer)
    {
        var build = consumer.Build().Succeeded();

        long parameters = Reference.GetProperty("parameters").GetInt64();
        long flops = Reference.GetProperty("flops").GetInt64();
        string reportLine = build.Output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("LitDsl: tiny-hilo-net: ", StringComparison.Ordinal));
        Assert.StartsWith($"LitDsl: tiny-hilo-net: {parameters:N0} params, {flops / 1e9:F3} GFLOPs, input 3×64×64", reportLine);
        Assert.Contains("\n" + reportLine + "\n", Readme); // the README shows what the build prints
        Assert.True(File.Exists(Path.Combine(consumer.Output, "litdsl-report.json")));

        Assert.Equal($"tiny-hilo-net {parameters} {flops}", consumer.Run("constants").Succeeded().Output.Trim());

        var model = JsonDocument.Parse(consumer.Run("report", "--json").Succeeded().Output).RootElement
            .GetProperty("models").EnumerateArray().Single();
        Assert.Equal("tiny-hilo-net", model.GetProperty("name").GetString());
        Assert.Equal(parameters, model.GetProperty("parameters").GetInt64());
        Assert.Equal(flops, model.GetProperty("flops").GetInt64());

        consumer.Run("export", "tiny-hilo-net", "-o", consumer.File("model.onnx"), "--weights", CheckpointFixture("checkpoint-litv2.pth")).Succeeded();
        Assert.True(new FileInfo(consumer.File("model.onnx")).Length > parameters * 4);

        consumer.Run("run", "tiny-hilo-net", "--weights", CheckpointFixture("checkpoint-litv2.pth"),
            "--input", CheckpointFixture("checkpoint-litv2.input.npy"), "--output", consumer.File("logits.npy"), "--provider", "cpu").Succeeded();
        var expected = SafetensorsFile.Read(CheckpointFixture("checkpoint-litv2.io.safetensors")).Tensors["output"];
        var logits = NpyFile.Read(consumer.File("logits.npy"));
        Assert.Equal(expected.Shape, logits.Shape);
        double maxDifference = logits.Data.Zip(expected.Data, (a, b) => Math.Abs((double)a - b)).Max();
        double maxReference = expected.Data.Max(v => Math.Abs((double)v));
        Assert.True(maxDifference / maxReference < 1e-4, $"relative error {maxDifference / maxReference:E3}");
    }

    private static string Readme => File.ReadAllText(RepositoryPaths.Combine("README.md")).ReplaceLineEndings("\n");

    [Fact]
    public void The_readme_shows_the_consumers_program_as_it_is()
    {
        string program = File.ReadAllText(RepositoryPaths.Combine("tests", "Consumer", "Program.cs")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + program + "```\n", Readme);
    }

    [Fact]
    public void The_gpu_package_gives_auto_the_gpu_build_which_names_the_missing_cuda_library_and_runs_on_the_cpu()
    {
        using var consumer = new ConsumerProject(feed, "gpu").WithPackage("LitDsl.Runtime.Gpu");
        consumer.Build().Succeeded();
        // The GPU package's core, not the CPU package's file of the same name, is the one in the output.
        string native = Path.Combine(consumer.Output, "runtimes", "linux-x64", "native");
        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime_providers_cuda.so")));
        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime_providers_tensorrt.so")));

        var result = JsonDocument.Parse(consumer.Run("bench", "tiny-hilo-net", "--provider", "auto", "--json",
            "--seconds", "0", "--warmup", "1", "--min-runs", "1").Succeeded().Output).RootElement.GetProperty("results")[0];
        Assert.Equal("cpu", result.GetProperty("provider").GetString());
        string[] reasons = result.GetProperty("refusedProviders").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToArray();
        Assert.Equal(2, reasons.Length);
        Assert.Contains("libonnxruntime_providers_tensorrt.so", reasons[0]);
        Assert.Contains("libonnxruntime_providers_cuda.so", reasons[1]);
        Assert.All(reasons, reason => Assert.Matches(MissingLibrary(), reason));

        string[] table = consumer.Run("bench", "tiny-hilo-net", "--seconds", "0", "--warmup", "1", "--min-runs", "1").Succeeded().Output.Split('\n');
        Assert.Contains(table, line => line.StartsWith("tensorrt refused: Failed to load library ", StringComparison.Ordinal) && MissingLibrary().IsMatch(line));
        Assert.Contains("(the GPU build is loaded but a library its providers need is missing: CUDA 13 and cuDNN 9, and TensorRT 10 for TensorRT, on LD_LIBRARY_PATH; see README, \"The NVIDIA GPU build\")", table);
    }

    [Fact]
    public void Onnxruntime_gpu_referenced_beside_the_cpu_build_fails_the_build_saying_what_to_remove()
    {
        using var consumer = new ConsumerProject(feed, "conflict").WithPackage("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0");
        var build = consumer.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("LitDsl: two builds of ONNX Runtime are referenced, Microsoft.ML.OnnxRuntime (the CPU build LitDsl.Runtime depends on) and Microsoft.ML.OnnxRuntime.Gpu.Linux", build.Output);
        Assert.Contains("remove the PackageReference to Microsoft.ML.OnnxRuntime.Gpu.Linux and add the package LitDsl.Runtime.Gpu instead", build.Output);
    }

    [Fact]
    public void Models_declared_without_the_generator_fail_the_build_naming_them()
    {
        // A build that loses the generator on its way to the compiler (as a hand-wired reference to LitDsl without it does).
        using var consumer = new ConsumerProject(feed, "no-generator").With("""
            <Target Name="DropTheLitDslGenerator" BeforeTargets="CoreCompile">
              <ItemGroup><Analyzer Remove="@(Analyzer)" Condition="'%(Filename)' == 'LitDsl.Generator'" /></ItemGroup>
            </Target>
            """);
        // Only the CLI, which uses no generated member, so nothing fails to compile: without the check the model would
        // just be missing from `report`.
        string program = File.ReadAllText(consumer.File("Program.cs"));
        File.WriteAllText(consumer.File("Program.cs"), "using LitDsl;\nreturn LitDsl.Cli.LitCli.Run(args);\n" + program[program.IndexOf("[LitModel(", StringComparison.Ordinal)..]);
        var build = consumer.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.True(build.Output.Contains("LitDsl: Consumer.dll declares [LitModel] classes (TinyHiLoNet) but the LitDsl source generator did not run", StringComparison.Ordinal), build.Output);
    }

    // What the dynamic loader says when a provider library's dependency (CUDA, cuDNN, TensorRT) is not installed.
    [GeneratedRegex(@"with error: lib[\w.+-]+\.so(\.\d+)*: cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
