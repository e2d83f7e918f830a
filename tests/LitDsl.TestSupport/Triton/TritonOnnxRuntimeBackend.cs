using System.Collections.Generic;

namespace LitDsl.TestSupport.Triton;

/// <summary>
/// Facts about Triton's ONNX Runtime backend that a config must respect and its schema does not state: read from
/// github.com/triton-inference-server/onnxruntime_backend at commit 00fd3e87a0918193d7921871f2e872efdb8d9c9a
/// (README.md and src/onnxruntime.cc, where any other key fails the model's load).
/// </summary>
public static class TritonOnnxRuntimeBackend
{
    /// <summary>The parameter keys the backend accepts for its "tensorrt" GPU execution accelerator.</summary>
    public static ISet<string> TensorRtParameterKeys { get; } = new HashSet<string>
    {
        "precision_mode", "max_workspace_size_bytes", "trt_max_partition_iterations", "trt_min_subgraph_size",
        "int8_calibration_table_name", "int8_use_native_calibration_table", "trt_dla_enable", "trt_dla_core",
        "trt_engine_cache_enable", "trt_engine_cache_path", "trt_engine_cache_prefix", "trt_dump_subgraphs",
        "trt_force_sequential_engine_build", "trt_context_memory_sharing_enable", "trt_layer_norm_fp32_fallback",
        "trt_timing_cache_enable", "trt_timing_cache_path", "trt_force_timing_cache", "trt_detailed_build_log",
        "trt_build_heuristics_enable", "trt_sparsity_enable", "trt_builder_optimization_level", "trt_auxiliary_streams",
        "trt_tactic_sources", "trt_extra_plugin_lib_paths", "trt_profile_min_shapes", "trt_profile_max_shapes",
        "trt_profile_opt_shapes", "trt_cuda_graph_enable", "trt_dump_ep_context_model", "trt_ep_context_file_path",
        "trt_ep_context_embed_mode",
    };
}
