using Microsoft.CodeAnalysis;

namespace LitDsl.Generator;

/// <summary>
/// Every diagnostic the LitDsl generator reports. IDs are stable (tracked in AnalyzerReleases.*.md); messages say what
/// to change; each is reported on the attribute argument at fault. docs/diagnostics.md explains each with an example,
/// in a section whose anchor is the lower-case ID, where each diagnostic's help link points.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "LitDsl";

    /// <summary>The page the help links point into (the repository's docs/diagnostics.md).</summary>
    public const string DocumentationUrl = "https://github.com/litdsl/LitDsl/blob/main/docs/diagnostics.md";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: DocumentationUrl + "#" + id.ToLowerInvariant());

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
        "{0} works on a {1}×{2} feature map, which window size {3} does not divide; choose a divisor of its sides, or set PadToWindow = true on [LitModel] to zero-pad the map to whole windows as the reference detection code does");

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
        "Model '{0}' declares no stages; add [ConvFfnStage(1)] / [HiLoStage(1, Heads = …)] attributes, or make it a single layer with [HiLoLayer] or [AttentionLayer]");

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

    public static readonly DiagnosticDescriptor ReductionDoesNotTileFeatureMap = Error("LIT0018",
        "Reduction ratio must divide the feature map",
        "{0} works on a {1}×{2} feature map, which reduction ratio {3} does not divide; choose a divisor of its sides");

    public static readonly DiagnosticDescriptor ArgumentNotForMixer = Error("LIT0019",
        "Argument does not apply to the mixer",
        "{0} does not apply to the {1} mixer in {2}; remove it ({3})");

    public static readonly DiagnosticDescriptor UnknownMixer = Error("LIT0020",
        "Unknown mixer",
        "Mixer value {0} is not a LitDsl.Mixer; use Mixer.HiLo, Mixer.Msa, Mixer.Sra, Mixer.Window or Mixer.KeyOnly");

    public static readonly DiagnosticDescriptor UnknownU1Form = Error("LIT0021",
        "Unknown U1 form",
        "U1 value {0} is not a LitDsl.U1Form; use U1Form.PerHead or U1Form.Full");

    public static readonly DiagnosticDescriptor AboveUpperBound = Error("LIT0022",
        "Value exceeds its upper bound",
        "{0} is {1}; it must be at most {2} ({3})");

    public static readonly DiagnosticDescriptor ModelTooLarge = Error("LIT0023",
        "Model is too large",
        "Model '{0}' is too large: {1}; use smaller sizes");

    public static readonly DiagnosticDescriptor ModelNotAClass = Error("LIT0024",
        "A model is a class",
        "'{0}' is a {1}; declare the model on a partial class");

    public static readonly DiagnosticDescriptor ModelNotReachable = Error("LIT0025",
        "Model class must be reachable from its assembly",
        "'{0}' is {1}; the assembly's model registry must reach every model, so declare it (and every type that contains it) public or internal");

    public static readonly DiagnosticDescriptor GeneratedMemberClash = Error("LIT0026",
        "Model class already has a member LitDsl generates",
        "'{0}' {1} a member named '{2}', which LitDsl generates on every model; rename it");

    public static readonly DiagnosticDescriptor LitModelOnSeveralDeclarations = Error("LIT0027",
        "[LitModel] on more than one declaration",
        "[LitModel] is written on more than one partial declaration of '{0}'; keep one");

    public static readonly DiagnosticDescriptor BuildTargetsNotImported = Error("LIT0028",
        "LitDsl's build targets are not imported",
        "This project declares LitDsl models but does not import LitDsl's build targets (build/LitDsl.targets), so no build report would be written; reference LitDsl with a PackageReference, which imports them, or add <Import Project=\"…/LitDsl.targets\" /> (or set dotnet_diagnostic.LIT0028.severity = none in .editorconfig to go without the report)");

    public static readonly DiagnosticDescriptor BackboneOutputNotAStage = Error("LIT0029",
        "Backbone output indices must name stages",
        "OutIndices {0}; list each stage to output once, by its 0-based index from 0 to {1} ([Backbone] numbers stages as the reference's out_indices: 0 is stage 1)");

    public static readonly DiagnosticDescriptor BackboneSizeBelowMinimum = Error("LIT0030",
        "Backbone reference size is below its smallest input",
        "{0} is {1}; backbone '{2}' takes inputs of at least {3} px a side ({4}), so its reference size must be at least that");

    public static readonly DiagnosticDescriptor MixerNotInBackbone = Error("LIT0031",
        "Mixer cannot be in a backbone",
        "The {0} mixer of {1} cannot be in a backbone: {2}; choose HiLo, Msa, Window or KeyOnly");

    public static readonly DiagnosticDescriptor UnknownOutputNorms = Error("LIT0032",
        "Unknown output norms",
        "Norms value {0} is not a LitDsl.OutputNorms; use OutputNorms.ExceptFirstStage or OutputNorms.EveryStage");

    public static readonly DiagnosticDescriptor InternalError = new("LIT9999",
        "LitDsl generator failure",
        "The LitDsl generator could not process '{0}': {1}. This is a bug in LitDsl; please report it with the declaration.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: DocumentationUrl + "#lit9999");
}
