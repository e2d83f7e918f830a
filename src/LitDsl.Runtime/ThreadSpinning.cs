namespace LitDsl.Runtime;

/// <summary>
/// When ORT's idle intra-op threads spin (poll for the next operator's work) instead of sleeping. A spinning thread
/// picks up work within microseconds, where a sleeping one must be woken by the kernel first: on litv2-s at batch 1
/// on two shared vCPUs, that hand-off, about 400 times a run, made runs 10–23 % slower (benchmarks/README.md).
/// But a spinning thread also keeps its core while nothing of its own is left to do.
/// </summary>
public enum ThreadSpinning
{
    /// <summary>ORT's default: idle threads spin between operators, and go on spinning for a while after a run returns.</summary>
    Always,

    /// <summary>
    /// Threads spin between the operators of a run and sleep as soon as the run returns (ORT's
    /// <c>session.force_spinning_stop</c>): the fast hand-off inside a run, without a pool that keeps spinning into
    /// whatever the process does next — another session's run in particular. What <c>bench</c> uses when it times
    /// several sessions in the same rounds.
    /// </summary>
    DuringRuns,

    /// <summary>Idle threads sleep at once, inside a run too: the least CPU used, the slowest hand-off.</summary>
    Never,
}
