using System;
using System.IO;
using Spectre.Console;

namespace LitDsl.Cli;

/// <summary>
/// Progress for long work, on the error stream so that stdout stays clean for <c>--json</c>. A terminal gets a live
/// bar; a redirected stream (logs, CI, tests) gets one line per task, written when it starts.
/// </summary>
internal sealed class ProgressDisplay(TextWriter error)
{
    private bool IsTerminal => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>, which reports its fraction done (0–1) through the callback it gets.</summary>
    public T Run<T>(string description, Func<Action<double>, T> work)
    {
        if (!IsTerminal)
        {
            error.WriteLine(description + " …");
            return work(_ => { });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Interactive = InteractionSupport.Yes,
        });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1.0);
                result = work(fraction => task.Value = Math.Clamp(fraction, 0, 1));
                task.Value = 1.0;
            });
        return result;
    }
}
