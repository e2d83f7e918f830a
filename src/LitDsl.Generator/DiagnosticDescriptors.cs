using Microsoft.CodeAnalysis;

namespace LitDsl.Generator;

/// <summary>
/// Every diagnostic the LitDsl generator reports. IDs are stable (tracked in AnalyzerReleases.*.md); messages say what
/// to change; each is reported on the attribute argument at fault. docs/diagnostics.md explains each with an example.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "LitDsl";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ModelNotPartial = Error("LIT0001",
        "Model class must be partial",
        "'{0}' must be declared partial (and so must every type that contains it) so that LitDsl can add the generated members");

    public static readonly DiagnosticDescriptor HeadsDoNotDivideDim = Error("LIT0002",
        "Heads must divide the channels",
        "{0} has {1} channels, which {2} heads do not divide; choose a head count that divides {1}");

    public static readonly DiagnosticDescriptor AlphaOutOfRange = Error("LIT0003",
        "Alpha must lie in [0, 1]",
        "Alpha is {0} in {1}; it is the share of heads given to Lo-Fi and must lie in [0, 1]");

    public static readonly DiagnosticDescriptor WindowSizeTooSmall = Error("LIT0004",
        "Window size must be at least 1",
        "WindowSize is {0} in {1}; it must be at least 1 (1 makes the layer plain multi-head attention)");

    public static readonly DiagnosticDescriptor WindowDoesNotDivideFeatureMap = Error("LIT0005",
        "Window size must divide the feature map",
        "{0} works on a {1}×{1} feature map, which window size {2} does not divide; choose a divisor of {1}, or set PadToWindow = true on [LitModel] to pad as the reference detection code does");

    public static readonly DiagnosticDescriptor InputNotDivisible = Error("LIT0006",
        "Input size must be divisible by the patch size and the downsampling chain",
        "ImageSize {0} is not divisible by {1} ({2}); choose a multiple of {1}");

    public static readonly DiagnosticDescriptor AttentionWithoutHeads = Error("LIT0007",
        "Attention needs heads",
        "{0} is an attention layer without heads; set Heads to a positive number that divides {1}");

    public static readonly DiagnosticDescriptor DepthTooSmall = Error("LIT0008",
        "Depth must be at least 1",
        "Depth is {0} in {1}; a stage needs at least one block");

    public static readonly DiagnosticDescriptor NoStages = Error("LIT0009",
        "Model has no stages",
        "Model '{0}' declares no stages; add [ConvFfnStage(1)] / [HiLoStage(1, Heads = …)] attributes, or make it a single layer with [HiLoLayer]");

    public static readonly DiagnosticDescriptor DuplicateModelName = Error("LIT0010",
        "Model names must be unique",
        "Model name '{0}' is already used by {1}; give this model another name");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Error("LIT0011",
        "Conflicting attributes",
        "{0}");

    public static readonly DiagnosticDescriptor InvalidMlpRatio = Error("LIT0012",
        "MLP ratio must give whole hidden widths",
        "MlpRatio {0} gives a hidden width of {1} for {2} channels; choose a ratio that gives a whole, positive width at every stage");

    public static readonly DiagnosticDescriptor InvalidModelName = Error("LIT0013",
        "Model name must be kebab-case",
        "Model name '{0}' is not kebab-case; use lower-case letters and digits separated by single hyphens, such as 'litv2-s'");

    public static readonly DiagnosticDescriptor NotPositive = Error("LIT0014",
        "Value must be positive",
        "{0} is {1}; it must be at least 1");

    public static readonly DiagnosticDescriptor StageIndexGap = Error("LIT0015",
        "Stage indices must run from 1 without gaps",
        "Stage {0} is declared but stage {1} is not; number stages 1, 2, 3, … in input order");

    public static readonly DiagnosticDescriptor GenericModel = Error("LIT0016",
        "Model class cannot be generic",
        "'{0}' is generic; a model is one fixed architecture, declare it on a non-generic class");

    public static readonly DiagnosticDescriptor ReductionRatioTooSmall = Error("LIT0017",
        "Reduction ratio must be at least 1",
        "ReductionRatio is {0} in {1}; it must be at least 1 (1 takes keys and values from every token)");

    public static readonly DiagnosticDescriptor MixerDoesNotTileFeatureMap = Error("LIT0018",
        "Window size or reduction ratio must divide the feature map",
        "{0} works on a {1}×{1} feature map, which {2} {3} does not divide; choose a divisor of {1}");

    public static readonly DiagnosticDescriptor ArgumentNotForMixer = Error("LIT0019",
        "Argument does not apply to the mixer",
        "{0} does not apply to the {1} mixer in {2}; remove it ({3})");

    public static readonly DiagnosticDescriptor UnknownMixer = Error("LIT0020",
        "Unknown mixer",
        "Mixer value {0} is not a LitDsl.Mixer; use Mixer.HiLo, Mixer.Msa, Mixer.Sra, Mixer.Window or Mixer.KeyOnly");

    public static readonly DiagnosticDescriptor UnknownU1Form = Error("LIT0021",
        "Unknown U1 form",
        "U1 value {0} is not a LitDsl.U1Form; use U1Form.PerHead or U1Form.Full");

    public static readonly DiagnosticDescriptor InternalError = new("LIT9999",
        "LitDsl generator failure",
        "The LitDsl generator could not process '{0}': {1}. This is a bug in LitDsl; please report it with the declaration.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
