using System.Collections.Generic;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>The state_dict found in a checkpoint.</summary>
/// <param name="Location">Where it was: <c>""</c> for the top level, else the keys that lead to it (<c>model</c>).</param>
/// <param name="Tensors">Its tensors by state_dict key, in the file's order.</param>
public sealed record CheckpointStateDict(string Location, IReadOnlyDictionary<string, CheckpointTensor> Tensors);
