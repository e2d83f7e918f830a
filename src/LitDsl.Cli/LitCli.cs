using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using LitDsl.Cli.Commands;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli;

/// <summary>
/// The <c>litdsl</c> command line. A host's whole Main is <c>return LitCli.Run(args);</c>: the CLI serves every model
/// the host's assemblies declare (the generator registers them in <see cref="Models.LitModelCatalog"/>).
/// </summary>
public static class LitCli
{
    /// <summary>Runs the command line and returns the process exit code: 0 success, 1 failure, 2 bad usage.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>As <see cref="Run(string[])"/>, writing to the given streams (tests capture them).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("LitDsl: declare, check, export and run efficient vision transformers.")
        {
            ReportCommand.Create(output),
            ExportCommand.Create(output, error),
            RunCommand.Create(output, error),
            BenchCommand.Create(output, error),
            ConvertCommand.Create(output),
            InspectCommand.Create(output),
            ClassifyCommand.Create(output, error),
            TritonCommand.Create(output, error),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line that says what is wrong; `--help` has the rest.
            error.WriteLine($"error: {OneLine(parsed.Errors[0].Message)} (see '{HostName()} --help')");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException exception)
        {
            return Fail(error, exception.Message, exception.ExitCode);
        }
        catch (Exception exception) when (exception is LitDslFormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Fail(error, exception.Message, ExitCodes.Failure);
        }
        catch (OrtException exception)
        {
            return Fail(error, exception.Message, ExitCodes.Failure);
        }
        catch (OutOfMemoryException exception)
        {
            return Fail(error, "out of memory: " + exception.Message, ExitCodes.Failure);
        }
        catch (Exception exception)
        {
            // The contract holds for bugs too: one line, no stack trace; the type says where to look.
            return Fail(error, $"{exception.Message} ({exception.GetType().Name})", ExitCodes.Failure);
        }
    }

    private static int Fail(TextWriter error, string message, int exitCode)
    {
        error.WriteLine("error: " + OneLine(message));
        return exitCode;
    }

    // System.CommandLine lists choices on separate lines; the contract is one line per error.
    private static string OneLine(string message) =>
        string.Join(" ", message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(part => part.Trim()));

    private static string HostName() =>
        Path.GetFileNameWithoutExtension(Environment.GetCommandLineArgs().FirstOrDefault() ?? "litdsl");
}
