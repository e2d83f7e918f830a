using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace LitDsl.Runtime;

/// <summary>
/// The threads of <see cref="CpuParallelism.Batch"/>: the caller runs part 0 of a batch and one dedicated thread per
/// further part runs the others at the same time. The threads wait on kernel events, never spinning: the .NET thread
/// pool's workers spin for a while after their work, which took a core from whatever ran next (a MatMul timed right
/// after a batch-parallel run lost up to a quarter of its speed).
/// </summary>
internal sealed class BatchLanes : IDisposable
{
    private readonly Thread[] threads;
    private readonly AutoResetEvent[] start;
    private readonly AutoResetEvent[] done;
    private readonly Exception?[] failures;
    private readonly object turn = new();
    private Action<int>? work;
    private volatile bool disposed;

    /// <summary>Starts <paramref name="lanes"/> − 1 threads; the caller of <see cref="Run"/> is lane 0.</summary>
    public BatchLanes(int lanes)
    {
        if (lanes < 2) throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "Batch lanes need at least two lanes.");
        Lanes = lanes;
        threads = new Thread[lanes - 1];
        start = new AutoResetEvent[lanes - 1];
        done = new AutoResetEvent[lanes - 1];
        failures = new Exception?[lanes];
        for (var i = 0; i < threads.Length; i++)
        {
            start[i] = new AutoResetEvent(false);
            done[i] = new AutoResetEvent(false);
            var lane = i + 1;
            threads[i] = new Thread(() => Serve(lane)) { IsBackground = true, Name = $"LitDsl batch lane {lane}" };
            threads[i].Start();
        }
    }

    public int Lanes { get; }

    /// <summary>
    /// Runs <paramref name="laneWork"/>(0 … <paramref name="parts"/> − 1) at the same time, one part per lane, and
    /// returns when all are done; a part's exception is rethrown (the first by lane order). Concurrent callers take
    /// turns.
    /// </summary>
    public void Run(int parts, Action<int> laneWork)
    {
        if (parts < 1 || parts > Lanes) throw new ArgumentOutOfRangeException(nameof(parts), parts, $"Between 1 and {Lanes} parts.");
        ObjectDisposedException.ThrowIf(disposed, this);
        lock (turn)
        {
            work = laneWork;
            Array.Clear(failures);
            for (var lane = 1; lane < parts; lane++) start[lane - 1].Set();
            try
            {
                laneWork(0);
            }
            catch (Exception e)
            {
                failures[0] = e;
            }
            for (var lane = 1; lane < parts; lane++) done[lane - 1].WaitOne();
            work = null;
            foreach (var failure in failures)
            {
                if (failure is not null) ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    private void Serve(int lane)
    {
        while (true)
        {
            start[lane - 1].WaitOne();
            if (disposed) return;
            try
            {
                work!(lane);
            }
            catch (Exception e)
            {
                failures[lane] = e;
            }
            done[lane - 1].Set();
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        lock (turn)
        {
            disposed = true;
            foreach (var signal in start) signal.Set();
        }
        foreach (var thread in threads) thread.Join();
        foreach (var signal in start) signal.Dispose();
        foreach (var signal in done) signal.Dispose();
    }
}
