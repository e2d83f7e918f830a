using System.Globalization;
using System.Threading;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// Tests that measure threads' CPU time, so no other test may run ORT sessions (or start threads) beside them: xunit
/// runs a collection that disables parallelisation alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(ProcessCpuTimeCollection), DisableParallelization = true)]
public sealed class ProcessCpuTimeCollection;

[Collection(nameof(ProcessCpuTimeCollection))]
public sealed class ThreadSpinningTests
{
    private const int Size = 512;
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void Every_spinning_policy_gives_the_same_results()
    {
        var input = Enumerable.Range(0, 8 * Size).Select(i => (float)(i % 7)).ToArray();
        float[] Run(ThreadSpinning spinning)
        {
            using var session = InferenceSession.Create(TestModels.MatMulModel(Size), Options(spinning));
            return session.Run(input, [8, Size]).Data.ToArray();
        }

        var always = Run(ThreadSpinning.Always);
        Assert.Equal(always, Run(ThreadSpinning.DuringRuns));
        Assert.Equal(always, Run(ThreadSpinning.Never));
        // Row r of the input holds (r·Size + j) mod 7 for j < Size: every output of that row is the row's mean.
        Assert.Equal(input.Take(Size).Average(), always[0], 4);
    }

    [Fact]
    public void A_pool_that_spins_during_runs_only_sleeps_as_soon_as_the_run_returns()
    {
        // The control: with ORT's default the pool's worker spins on after the run (30–50 ms of CPU here), so the
        // test can tell the policies apart. Other test processes running at the same time can take the spinning
        // thread's core, so the control gets a few tries to show it; the clock counts in 10 ms ticks.
        var always = TimeSpan.Zero;
        for (var attempt = 0; attempt < 5 && always < TimeSpan.FromMilliseconds(20); attempt++)
            always = PoolCpuTimeWhileIdleAfterRuns(ThreadSpinning.Always);
        Assert.True(always >= TimeSpan.FromMilliseconds(20),
            $"ORT's default pool used only {always.TotalMilliseconds} ms of CPU in the {Idle.TotalMilliseconds} ms after its runs");

        var duringRuns = PoolCpuTimeWhileIdleAfterRuns(ThreadSpinning.DuringRuns);
        Assert.True(duringRuns <= TimeSpan.FromMilliseconds(10),
            $"a pool spinning during runs only used {duringRuns.TotalMilliseconds} ms of CPU after its runs "
            + $"(one that always spins: {always.TotalMilliseconds} ms)");
    }

    [Fact]
    public void An_unknown_policy_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            InferenceSession.Create(TestModels.MatMulModel(Size), Options((ThreadSpinning)7)));
        Assert.Contains("ThreadSpinning", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The CPU time that the threads ORT started for a session (its intra-op pool) use over <see cref="Idle"/> right
    /// after the session's runs return. Only those threads are counted: the runtime's own (tiered compilation, the
    /// thread pool running the tests) burn CPU at moments of their own.
    /// </summary>
    private static TimeSpan PoolCpuTimeWhileIdleAfterRuns(ThreadSpinning spinning)
    {
        var input = new float[64 * Size];
        var threadsBefore = ThreadCpuTimes().Keys.ToHashSet();
        using var session = InferenceSession.Create(TestModels.MatMulModel(Size), Options(spinning));
        var poolThreads = ThreadCpuTimes().Keys.Where(id => !threadsBefore.Contains(id)).ToArray();
        Assert.NotEmpty(poolThreads);
        for (var i = 0; i < 5; i++) session.Run(input, [64, Size]);

        var before = ThreadCpuTimes();
        Thread.Sleep(Idle);
        var after = ThreadCpuTimes();
        return poolThreads.Aggregate(TimeSpan.Zero, (sum, id) => sum + after.GetValueOrDefault(id) - before.GetValueOrDefault(id));
    }

    /// <summary>User + system CPU time of each of this process's threads, from Linux's /proc/self/task/*/stat.</summary>
    private static Dictionary<int, TimeSpan> ThreadCpuTimes()
    {
        // USER_HZ, the unit of /proc's times, is 100 on every Linux architecture .NET runs on.
        const double TicksPerSecond = 100;
        var times = new Dictionary<int, TimeSpan>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            string stat;
            try { stat = File.ReadAllText(Path.Combine(task, "stat")); }
            catch (IOException) { continue; } // the thread ended meanwhile
            // Fields after the parenthesised name, which may itself hold spaces: state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            times[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        return times;
    }

    private static InferenceOptions Options(ThreadSpinning spinning) =>
        new() { Provider = ExecutionProvider.Cpu, IntraOpThreads = 2, ThreadSpinning = spinning };
}
