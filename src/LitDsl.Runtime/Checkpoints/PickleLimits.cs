namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// The bounds the checkpoint reader holds every pickle to, so that no file — however it is built (a memo entry pushed
/// a million times, lists nested a million deep, a value that contains itself, lengths that claim more than the file
/// has) — can make it use unbounded time, memory or stack, nor hand its caller a value that a recursive walk could not
/// finish. A pickle past a bound is refused with the bound's name. Training checkpoints are far inside them (README,
/// "Safety", has the figures of the reference's <c>save_checkpoint</c> format).
/// </summary>
public static class PickleLimits
{
    /// <summary>The largest pickle (<c>data.pkl</c>) read: 64 MiB.</summary>
    public const int MaxPickleBytes = 64 << 20;

    /// <summary>
    /// The most values the machine may make or copy: every value it pushes (a reference to a memo entry counts again),
    /// every memo entry and every MARK. The saved object, unfolded as a tree (a shared value counted wherever it
    /// appears), may hold no more either.
    /// </summary>
    public const int MaxValues = 2_000_000;

    /// <summary>The deepest the saved object may nest (a container in a container in …); a value that contains itself is refused.</summary>
    public const int MaxDepth = 100;
}
