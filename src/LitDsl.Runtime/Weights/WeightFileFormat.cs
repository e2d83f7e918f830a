namespace LitDsl.Runtime.Weights;

/// <summary>The container of a <see cref="WeightFile"/>.</summary>
public enum WeightFileFormat
{
    /// <summary>A <c>torch.save</c> zip archive (<c>.pth</c>, <c>.pt</c>).</summary>
    PyTorch,

    /// <summary>A <c>.safetensors</c> file.</summary>
    Safetensors,
}
