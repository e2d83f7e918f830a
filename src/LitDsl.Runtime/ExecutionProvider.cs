namespace LitDsl.Runtime;

/// <summary>Which ONNX Runtime execution provider a session should use.</summary>
public enum ExecutionProvider
{
    /// <summary>Try TensorRT, then CUDA, then CPU; the session records why each earlier one was refused.</summary>
    Auto,
    /// <summary>NVIDIA TensorRT (with CUDA for any nodes TensorRT does not take); fails if unavailable.</summary>
    TensorRT,
    /// <summary>NVIDIA CUDA; fails if unavailable.</summary>
    Cuda,
    /// <summary>ONNX Runtime's CPU provider; always available.</summary>
    Cpu,
}
