namespace LitDsl.Graph;

/// <summary>How the reference code initialises a parameter or buffer; used when no weights are given.</summary>
public enum ParameterInitKind
{
    /// <summary>All zeros (biases, BatchNorm means, deformable offsets).</summary>
    Zeros,
    /// <summary>All ones (norm scales, BatchNorm variances).</summary>
    Ones,
    /// <summary>timm's <c>trunc_normal_(std)</c>: normal, cut at ±2 (absolute), as for every Linear weight.</summary>
    TruncatedNormal,
    /// <summary><c>normal_(0, std)</c>, as for the depthwise convolutions of the ConvFFN.</summary>
    Normal,
    /// <summary>Uniform in ±<c>Scale</c>: PyTorch's default Conv2d init (<c>kaiming_uniform_(a=√5)</c>) and its bias.</summary>
    Uniform,
}

/// <summary>An initialisation rule: the kind and its scale (std or bound).</summary>
public readonly record struct ParameterInit(ParameterInitKind Kind, double Scale = 0)
{
    public static ParameterInit Zeros => new(ParameterInitKind.Zeros);
    public static ParameterInit Ones => new(ParameterInitKind.Ones);
    public static ParameterInit TruncatedNormal(double std) => new(ParameterInitKind.TruncatedNormal, std);
    public static ParameterInit Normal(double std) => new(ParameterInitKind.Normal, std);
    /// <summary>PyTorch's default for conv weights and biases: uniform in ±1/√fan_in.</summary>
    public static ParameterInit UniformFanIn(long fanIn) => new(ParameterInitKind.Uniform, 1.0 / System.Math.Sqrt(fanIn));
}
