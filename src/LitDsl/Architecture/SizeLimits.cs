namespace LitDsl.Architecture;

/// <summary>
/// The largest value each size of a declaration may take. The generator refuses a larger one (LIT0022), so no accepted
/// model has a shape outside <see cref="int"/>, a figure outside <see cref="long"/>, a generated file that takes the
/// compiler minutes, or a graph that cannot be built; each bound sits far above every published configuration of the
/// families the DSL declares (docs/diagnostics.md lists them with their reasons).
/// </summary>
internal static class SizeLimits
{
    /// <summary>Image side in pixels (ImageSize). Detection and segmentation inputs stay far below it.</summary>
    public const int ImageSize = 8192;

    /// <summary>Input channels (InChannels).</summary>
    public const int InChannels = 1024;

    /// <summary>Classes of the head (Classes); ImageNet-22k has 21,841.</summary>
    public const int Classes = 1_000_000;

    /// <summary>Patch side (PatchSize).</summary>
    public const int PatchSize = 1024;

    /// <summary>Channels of a stage or layer (EmbedDim, Channels, Dim), so that every stage's width fits an int.</summary>
    public const int Channels = 16_384;

    /// <summary>Hidden width over input width of a feed-forward network (MlpRatio).</summary>
    public const double MlpRatio = 64;

    /// <summary>Blocks in one stage (Depth): each is a line of generated code and a layer of the graph.</summary>
    public const int Depth = 256;

    /// <summary>Stages of a model (the highest stage index): each halves (LITv2) or shrinks (LinGlo) the map.</summary>
    public const int Stages = 8;

    /// <summary>Window side (WindowSize): a padded map grows by up to a window less one per side.</summary>
    public const int WindowSize = 1024;

    /// <summary>Side of SRA's key-reducing convolution (ReductionRatio).</summary>
    public const int ReductionRatio = 1024;

    /// <summary>Side of a single layer's token grid (Tokens): 4096² = 16.8 M tokens.</summary>
    public const int Tokens = 4096;

    /// <summary>Training-time RP-CPE branches (CpeBranches), each folded into the exported convolution when the graph is built.</summary>
    public const int CpeBranches = 64;

    /// <summary>
    /// Learnable parameters of a model: the exported ONNX file holds its weights inline, as 4-byte floats, and protobuf
    /// caps a message at 2 GiB.
    /// </summary>
    public const long Parameters = 500_000_000;
}
