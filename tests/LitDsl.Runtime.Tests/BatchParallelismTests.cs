using System.Threading;
using System.Threading.Tasks;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// <see cref="CpuParallelism.Batch"/>: the batch cut into one part per thread, run at once on one session. Every part
/// must land in its own rows of the output, for even and uneven cuts, into new and caller buffers, and from concurrent
/// callers.
/// </summary>
public sealed class BatchParallelismTests
{
    private static float[] Ramp(int count) => Enumerable.Range(0, count).Select(i => i * 0.25f - 3f).ToArray();

    private static InferenceSession BatchSession(int threads, byte[]? model = null) =>
        InferenceSession.Create(model ?? TestModels.AffineModel(),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = threads, Parallelism = CpuParallelism.Batch });

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 4)]
    [InlineData(3, 5)]
    [InlineData(4, 3)]
    public void Every_part_of_the_batch_lands_in_its_own_rows(int threads, int batch)
    {
        using var session = BatchSession(threads);
        Assert.Equal(threads, session.BatchParts);
        float[] input = Ramp(batch * 12);

        var output = session.Run(input, [batch, 3, 2, 2]);
        Assert.Equal(new[] { batch, 3, 2, 2 }, output.Shape);
        Assert.Equal(input.Select(TestModels.Affine), output.Data);

        float[] buffer = Enumerable.Repeat(float.NaN, batch * 12 + 7).ToArray();
        session.Run(input, [batch, 3, 2, 2], buffer);
        Assert.Equal(input.Select(TestModels.Affine), buffer.Take(batch * 12));
        Assert.All(buffer.Skip(batch * 12), v => Assert.True(float.IsNaN(v), "only the output's elements are written"));
    }

    [Fact]
    public void Operator_parallelism_and_other_providers_run_the_batch_whole()
    {
        using var operators = InferenceSession.Create(TestModels.AffineModel(),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 2 });
        Assert.Equal(1, operators.BatchParts);
    }

    [Fact]
    public void An_output_of_unknown_size_is_still_computed_whole()
    {
        using var session = BatchSession(2, TestModels.FlattenModelWithSymbolicFeatures());
        float[] input = Ramp(3 * 3 * 2 * 5);
        var output = session.Run(input, [3, 3, 2, 5]);
        Assert.Equal(new[] { 3, 30 }, output.Shape);
        Assert.Equal(input, output.Data);
    }

    [Fact]
    public void Concurrent_callers_take_turns_on_the_lanes()
    {
        using var session = BatchSession(2);
        const int Callers = 4, RunsPerCaller = 40;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(Callers);
        Parallel.For(0, Callers, new ParallelOptions { MaxDegreeOfParallelism = Callers }, caller =>
        {
            int batch = caller + 2;
            float[] input = Ramp(batch * 12).Select(v => v + caller).ToArray();
            float[] expected = input.Select(TestModels.Affine).ToArray();
            start.SignalAndWait();
            for (int run = 0; run < RunsPerCaller; run++)
            {
                if (!session.Run(input, [batch, 3, 2, 2]).Data.SequenceEqual(expected)) failures.Add($"caller {caller} run {run}");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void A_failing_part_is_rethrown_to_the_caller_and_the_lanes_stay_usable()
    {
        using var lanes = new BatchLanes(3);
        var error = Assert.Throws<InvalidOperationException>(() => lanes.Run(3, part =>
        {
            if (part == 2) throw new InvalidOperationException("part 2 failed");
        }));
        Assert.Equal("part 2 failed", error.Message);

        var seen = new int[3];
        lanes.Run(3, part => Interlocked.Increment(ref seen[part]));
        Assert.Equal(new[] { 1, 1, 1 }, seen);
        lanes.Run(2, part => Interlocked.Increment(ref seen[part]));
        Assert.Equal(new[] { 2, 2, 1 }, seen);
    }

    [Fact]
    public void Parts_run_at_the_same_time_on_different_threads()
    {
        using var lanes = new BatchLanes(2);
        using var bothStarted = new Barrier(2);
        var threads = new int[2];
        // Each part waits for the other: this returns only if the two run concurrently.
        lanes.Run(2, part =>
        {
            threads[part] = Environment.CurrentManagedThreadId;
            Assert.True(bothStarted.SignalAndWait(TimeSpan.FromSeconds(10)), "the other part never started");
        });
        Assert.NotEqual(threads[0], threads[1]);
    }
}
