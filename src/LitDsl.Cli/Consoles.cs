using System;
using System.IO;
using Spectre.Console;

namespace LitDsl.Cli;

/// <summary>Spectre consoles over the CLI's writers, so tests can capture what a person would see.</summary>
internal static class Consoles
{
    // Redirected output (files, pipes, tests) has no terminal to measure; tables get room instead of wrapping at 80.
    private const int RedirectedWidth = 200;

    public static IAnsiConsole For(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
