namespace LitDsl.Runtime.Serving;

/// <summary>Where Triton places a model's instances: the <c>kind</c> of its <c>instance_group</c>.</summary>
public enum TritonInstanceKind
{
    /// <summary>
    /// <c>KIND_AUTO</c>: on the GPUs when the server has any, else on the CPU. The TensorRT accelerator is configured
    /// and applies when the instances land on a GPU.
    /// </summary>
    Auto,

    /// <summary><c>KIND_GPU</c>: <see cref="TritonSettings.InstanceCount"/> instances on every GPU; a server without one refuses the model.</summary>
    Gpu,

    /// <summary><c>KIND_CPU</c>: instances on the CPU, without the TensorRT accelerator.</summary>
    Cpu,
}
