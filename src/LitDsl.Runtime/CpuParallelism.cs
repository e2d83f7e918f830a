namespace LitDsl.Runtime;

/// <summary>How a CPU session puts its <see cref="InferenceOptions.IntraOpThreads"/> threads to work on a batch.</summary>
public enum CpuParallelism
{
    /// <summary>
    /// One ORT run for the whole batch; ORT spreads each operator over the threads (its intra-op pool). The only way
    /// to use several cores on one image, so the one for latency at batch 1.
    /// </summary>
    Operators,

    /// <summary>
    /// The batch is cut into as many contiguous parts as there are threads (at most one per image), and the parts run
    /// at the same time, each as its own single-threaded ORT run on the same session. No operator waits for the others'
    /// threads, so a batch keeps every core busy: on litv2-s at batch 16 on two cores, 1.26× the images/s of
    /// <see cref="Operators"/> (benchmarks/README.md). A batch of one image runs on one thread.
    /// Applies to the CPU provider; TensorRT and CUDA sessions run the batch whole.
    /// </summary>
    Batch,
}
