using System.IO;
using Spectre.Console;

namespace LitDsl.Cli;

/// <summary>Spectre consoles over the CLI's writers, so tests can capture what a person would see.</summary>
internal static class Consoles
{
    public static IAnsiConsole For(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = writer == System.Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = writer == System.Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });
}
