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
    private readonly Thread[] _threads;
    private readonly AutoResetEvent[] _start;
    private readonly AutoResetEvent[] _done;
    private readonly Exception?[] _failures;
    private readonly object _turn = new();
    private Action<int>? _work;
    private volatile bool _disposed;

    /// <summary>Starts <paramref name="lanes"/> − 1 threads; the caller of <see cref="Run"/> is lane 0.</summary>
    public BatchLanes(int lanes)
    {
        if (lanes < 2) throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "Batch lanes need at least two lanes.");
        Lanes = lanes;
        _threads = new Thread[lanes - 1];
        _start = new AutoResetEvent[lanes - 1];
        _done = new AutoResetEvent[lanes - 1];
        _failures = new Exception?[lanes];
        for (var i = 0; i < _threads.Length; i++)
        {
            _start[i] = new AutoResetEvent(false);
            _done[i] = new AutoResetEvent(false);
            var lane = i + 1;
            _threads[i] = new Thread(() => Serve(lane)) { IsBackground = true, Name = $"LitDsl batch lane {lane}" };
            _threads[i].Start();
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_turn)
        {
            _work = laneWork;
            Array.Clear(_failures);
            for (var lane = 1; lane < parts; lane++) _start[lane - 1].Set();
            try
            {
                laneWork(0);
            }
            catch (Exception e)
            {
                _failures[0] = e;
            }
            for (var lane = 1; lane < parts; lane++) _done[lane - 1].WaitOne();
            _work = null;
            foreach (var failure in _failures)
            {
                if (failure is not null) ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    private void Serve(int lane)
    {
        while (true)
        {
            _start[lane - 1].WaitOne();
            if (_disposed) return;
            try
            {
                _work!(lane);
            }
            catch (Exception e)
            {
                _failures[lane] = e;
            }
            _done[lane - 1].Set();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        lock (_turn)
        {
            _disposed = true;
            foreach (var signal in _start) signal.Set();
        }
        foreach (var thread in _threads) thread.Join();
        foreach (var signal in _start) signal.Dispose();
        foreach (var signal in _done) signal.Dispose();
    }
}
