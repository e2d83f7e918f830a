using System;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace LitDsl.Cli;

/// <summary>Range checks on numeric options, reported as parse errors (exit code 2, one line).</summary>
internal static class OptionRules
{
    /// <summary>Refuses values outside [<paramref name="min"/>, <paramref name="max"/>] with a message naming the option.</summary>
    public static Option<T> InRange<T>(this Option<T> option, T min, T max, string rule)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGetValue(result, out T value)) return;
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0) result.AddError($"{option.Name} must be {rule}.");
        });
        return option;
    }

    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            // The token did not convert (e.g. "--batch many"); the parser reports that itself.
            value = default!;
            return false;
        }
    }
}
