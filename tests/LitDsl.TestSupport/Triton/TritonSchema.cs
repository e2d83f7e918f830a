using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Xunit;

namespace LitDsl.TestSupport.Triton;

/// <summary>
/// Checks a <c>config.pbtxt</c> against Triton's model configuration schema (the subset in
/// <c>tests/LitDsl.TestSupport/Triton/model_config.proto</c>, with Triton's field numbers) the way protobuf itself
/// reads text: <c>protoc --encode=inference.ModelConfig</c>, which refuses an unknown field, a value of the wrong type
/// and bad syntax. protoc is the one in the restored Grpc.Tools package.
/// </summary>
public static class TritonSchema
{
    public static string ProtoFile { get; } = RepositoryPaths.Combine("tests", "LitDsl.TestSupport", "Triton", "model_config.proto");

    public static string Protoc { get; } = FindProtoc();

    /// <summary>protoc's encoding of <paramref name="configText"/> as binary, or its complaint.</summary>
    public static ProtocResult Encode(string configText)
    {
        var start = new ProcessStartInfo(Protoc)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--proto_path=" + Path.GetDirectoryName(ProtoFile));
        start.ArgumentList.Add("--encode=inference.ModelConfig");
        start.ArgumentList.Add(Path.GetFileName(ProtoFile));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Protoc} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        using var binary = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(binary);
        process.StandardInput.Write(configText);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{Protoc} did not finish in 60 s.");
        }
        copy.Wait();
        return new ProtocResult(process.ExitCode, binary.ToArray(), error.Result);
    }

    /// <summary>The config <paramref name="configText"/> says, read through protoc; a complaint fails the test with protoc's message.</summary>
    public static ModelConfig Parse(string configText)
    {
        var result = Encode(configText);
        Assert.True(result.ExitCode == 0, $"protoc refused the config: {result.Error}\n{configText}");
        Assert.Equal("", result.Error);
        return ModelConfig.Parser.ParseFrom(result.Binary);
    }

    private static string FindProtoc()
    {
        string package = typeof(TritonSchema).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "LitDsl.TestSupport.GrpcTools").Value
            ?? throw new InvalidOperationException("The Grpc.Tools package folder was not recorded at build time.");
        string platform = OperatingSystem.IsWindows() ? "windows_x64"
            : OperatingSystem.IsMacOS() ? "macosx_universal"
            : RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux_arm64" : "linux_x64";
        string protoc = Path.Combine(package, "tools", platform, OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        if (!File.Exists(protoc))
        {
            throw new InvalidOperationException($"protoc is not at {protoc}; restore the solution (Grpc.Tools).");
        }
        return protoc;
    }
}

/// <summary>What protoc did: its exit code, its binary output and its error text.</summary>
public sealed record ProtocResult(int ExitCode, byte[] Binary, string Error);
