using System.IO;

namespace LitDsl.Cli.Tests;

/// <summary>One CLI invocation with its exit code and captured streams.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public static CliResult Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = LitCli.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
