namespace LitDsl.Runtime;

/// <summary>How much ONNX Runtime rewrites the graph when a session loads (<c>GraphOptimizationLevel</c>, same values).</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No graph optimizations.</summary>
    Disabled = 0,
    /// <summary>Semantics-preserving rewrites such as constant folding.</summary>
    Basic = 1,
    /// <summary>Basic plus node fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout optimizations.</summary>
    All = 99,
}
