using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// <see cref="InferenceSession.Dispose"/> while other threads run: runs that start after it throw
/// <see cref="ObjectDisposedException"/>, runs in flight finish with correct results before it returns, and nothing
/// native is released under them.
/// </summary>
public sealed class SessionLifetimeTests
{
    private const int Size = 192;
    private const int Batch = 32;

    // A regression that deadlocks must fail the test, not hang the run.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(CpuParallelism.Operators)]
    [InlineData(CpuParallelism.Batch)]
    public void Dispose_under_running_threads_refuses_new_runs_and_waits_for_those_in_flight(CpuParallelism parallelism)
    {
        const int Trials = 25, Threads = 6;
        float[] input = Enumerable.Range(0, Batch * Size).Select(i => (i % 17) * 0.25f).ToArray();
        float[] expected = Expected(input);
        var failures = new ConcurrentQueue<string>();
        int refusedRuns = 0, finishedRuns = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            var session = InferenceSession.Create(TestModels.MatMulModel(Size),
                new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 2, Parallelism = parallelism });
            using var running = new CountdownEvent(Threads);
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                var buffer = new float[input.Length];
                bool signalled = false;
                for (int run = 0; ; run++)
                {
                    try
                    {
                        float[] output = run % 2 == 0 ? session.Run(input, [Batch, Size]).Data : Into(session, input, buffer);
                        if (!output.SequenceEqual(expected))
                        {
                            failures.Enqueue($"trial {trial} thread {t} run {run}: wrong output");
                        }
                        Interlocked.Increment(ref finishedRuns);
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refusedRuns);
                        if (!signalled) running.Signal();
                        return;
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue($"trial {trial} thread {t} run {run}: {e.GetType().Name}: {e.Message}");
                        if (!signalled) running.Signal();
                        return;
                    }
                    if (!signalled)
                    {
                        signalled = true;
                        running.Signal();
                    }
                }
            })
            { IsBackground = true }).ToArray();
            foreach (var thread in threads) thread.Start();
            Assert.True(running.Wait(Patience), $"trial {trial}: the threads did not start running");

            Within(session.Dispose, $"trial {trial}: Dispose");

            if (session.RunsInFlight != 0)
            {
                failures.Enqueue($"trial {trial}: Dispose returned with {session.RunsInFlight} runs in flight");
            }
            foreach (var thread in threads) Assert.True(thread.Join(Patience), $"trial {trial}: a running thread did not end");
            session.Dispose();
        }

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.Equal(Trials * Threads, refusedRuns);
        Assert.True(finishedRuns >= Trials * Threads);
    }

    [Fact]
    public void A_run_in_flight_when_Dispose_is_called_finishes_with_its_result()
    {
        float[] input = Enumerable.Range(0, 256 * Size).Select(i => (i % 13) * 0.5f).ToArray();
        var session = InferenceSession.Create(TestModels.MatMulModel(Size), new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        float[]? result = null;
        Exception? failure = null;
        var runner = new Thread(() =>
        {
            try
            {
                for (int run = 0; run < 200 && failure is null; run++)
                {
                    result = session.Run(input, [256, Size]).Data;
                }
            }
            catch (ObjectDisposedException)
            {
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true };
        runner.Start();
        SpinWait.SpinUntil(() => session.RunsInFlight > 0 || !runner.IsAlive);

        Within(session.Dispose, "Dispose");

        Assert.Equal(0, session.RunsInFlight);
        Assert.True(runner.Join(Patience), "the running thread did not end");
        Assert.Null(failure);
        Assert.Equal(Expected(input), result);
        Assert.Throws<ObjectDisposedException>(() => session.Run(input, [256, Size]));
    }

    private static void Within(Action action, string what)
    {
        var task = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(task.Wait(Patience), $"{what} did not return in {Patience.TotalSeconds} s");
    }

    private static float[] Into(InferenceSession session, float[] input, float[] buffer)
    {
        session.Run(input, [input.Length / Size, Size], buffer);
        return buffer;
    }

    // MatMulModel's output: every element of a row is the row's mean, as ORT computes it on this input.
    private static float[] Expected(float[] input)
    {
        using var session = InferenceSession.Create(TestModels.MatMulModel(Size), new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        return session.Run(input, [input.Length / Size, Size]).Data;
    }
}
