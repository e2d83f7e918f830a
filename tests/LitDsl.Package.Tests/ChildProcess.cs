using System.Diagnostics;
using System.Threading.Tasks;

namespace LitDsl.Package.Tests;

/// <summary>A finished command: exit code and everything it printed.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    /// <summary>Asserts success, showing the command's output when it failed.</summary>
    public CommandResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode}:\n{Output}\n{Error}");
        return this;
    }
}

/// <summary>
/// Runs a command as a user's shell would, without the environment a test host inherits from `dotnet test` (MSBuild's
/// variables would steer the child build), without npm on PATH, and with NuGet's caches pointed where the caller says.
/// </summary>
internal static class ChildProcess
{
    public static CommandResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("DOTNET_", StringComparison.Ordinal)
                || name.StartsWith("VSTEST", StringComparison.Ordinal) || name.StartsWith("NUGET_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }
        start.Environment["PATH"] = PathWithoutNpm();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{file} {string.Join(' ', arguments)}` did not finish in 10 minutes");
        }
        return new CommandResult($"{file} {string.Join(' ', arguments)}", process.ExitCode, output.Result, error.Result);
    }

    /// <summary>PATH without any folder that holds npm: the packages must not need it.</summary>
    public static string PathWithoutNpm()
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return string.Join(Path.PathSeparator, path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(folder => !File.Exists(Path.Combine(folder, "npm"))));
    }
}
