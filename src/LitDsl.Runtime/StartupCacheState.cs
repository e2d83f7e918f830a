namespace LitDsl.Runtime;

/// <summary>What the start-up cache (<see cref="InferenceOptions.CacheDirectory"/>) did for a session.</summary>
public enum StartupCacheState
{
    /// <summary>No cache: it was not asked for, or the provider has none (CUDA), or TensorRT keeps its own engine cache.</summary>
    NotUsed,

    /// <summary>No entry for this model yet: ORT optimised the graph and the result was saved for the next start.</summary>
    Saved,

    /// <summary>The session was created from the saved ORT-optimised model, with graph optimisation skipped.</summary>
    Loaded,

    /// <summary>
    /// The saved entry was not used — its bytes did not match the record saved beside it (swapped, copied from
    /// elsewhere, damaged) or ORT could not load it — and was replaced by a fresh one; <see
    /// cref="InferenceSession.StartupCacheWarning"/> says why.
    /// </summary>
    Rebuilt,
}
