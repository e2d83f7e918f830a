namespace LitDsl.Generator.Model;

/// <summary>
/// What a [LitModel] class declares, as read from its attributes: values with their source locations, nothing
/// checked yet. The parser produces it; the analyzer checks it and turns it into a <see cref="ModelPlan"/>.
/// </summary>
internal sealed record ModelSpec(
    TypeDeclarationInfo Type,
    LocationInfo? AttributeLocation,
    Argument<string> Name,
    Argument<int> ImageSize,
    Argument<int> InChannels,
    Argument<int> Classes,
    Argument<int> PatchSize,
    Argument<int> EmbedDim,
    Argument<double> MlpRatio,
    Argument<bool> QkvBias,
    Argument<bool> PadToWindow,
    EquatableArray<StageSpec> Stages,
    LayerSpec? Layer);

/// <summary>The kinds of stage the DSL has.</summary>
internal enum StageKind
{
    ConvFfn,
    HiLo,
    Attention,
    LinGlo,
}

/// <summary>The values of the public <c>LitDsl.U1Form</c> enum (key-only attention's U1).</summary>
internal enum U1FormKind
{
    PerHead = 0,
    Full = 1,
}

/// <summary>The token mixers, by the values of the public <c>LitDsl.Mixer</c> enum (the generator cannot reference it).</summary>
internal enum MixerKind
{
    HiLo = 0,
    Msa = 1,
    Sra = 2,
    Window = 3,
    KeyOnly = 4,
}

/// <summary>
/// One stage attribute ([ConvFfnStage], [HiLoStage], [AttentionStage], [LinGloStage]). Arguments a kind does not have
/// hold their defaults (not explicit): Heads, WindowSize and Alpha are unused by ConvFFN stages; Mixer is HiLo for
/// HiLo stages; Channels, MlpRatio and CpeBranches belong to LinGlo stages. WindowSize and ReductionRatio hold the
/// mixer's default when not written.
/// </summary>
internal sealed record StageSpec(
    StageKind Kind,
    LocationInfo? AttributeLocation,
    Argument<int> Index,
    Argument<int> Depth,
    Argument<int> Heads,
    Argument<int> WindowSize,
    Argument<double> Alpha)
{
    public Argument<int> Mixer { get; init; } = new((int)MixerKind.HiLo, AttributeLocation, false);
    public Argument<int> ReductionRatio { get; init; } = new(0, AttributeLocation, false);
    public Argument<int> U1 { get; init; } = new(0, AttributeLocation, false);
    public Argument<int> Channels { get; init; } = new(0, AttributeLocation, false);
    public Argument<double> MlpRatio { get; init; } = new(0, AttributeLocation, false);
    public Argument<int> CpeBranches { get; init; } = new(0, AttributeLocation, false);
}

/// <summary>The [HiLoLayer] or [AttentionLayer] attribute of a single-layer model ([HiLoLayer]: Mixer HiLo).</summary>
internal sealed record LayerSpec(
    LocationInfo? AttributeLocation,
    Argument<int> Tokens,
    Argument<int> Dim,
    Argument<int> Heads,
    Argument<int> WindowSize,
    Argument<double> Alpha,
    Argument<bool> QkvBias)
{
    public Argument<int> Mixer { get; init; } = new((int)MixerKind.HiLo, AttributeLocation, false);
    public Argument<int> ReductionRatio { get; init; } = new(0, AttributeLocation, false);
    public Argument<int> U1 { get; init; } = new(0, AttributeLocation, false);

    /// <summary>The attribute's name for messages.</summary>
    public string AttributeName { get; init; } = "HiLoLayer";
}

/// <summary>
/// Where the generated partial class goes: its namespace and the chain of containing types (outermost first), each
/// written as the keyword that declares it, so the generated part nests exactly like the user's.
/// </summary>
internal sealed record TypeDeclarationInfo(
    string Namespace,
    string Name,
    EquatableArray<ContainingType> ContainingTypes,
    LocationInfo? IdentifierLocation)
{
    /// <summary>The type's full name for messages and <c>typeof</c>: <c>global::Ns.Outer.Model</c>.</summary>
    public string FullyQualifiedName
    {
        get
        {
            var builder = new System.Text.StringBuilder("global::");
            if (Namespace.Length > 0) builder.Append(Namespace).Append('.');
            foreach (var containing in ContainingTypes) builder.Append(containing.Name).Append('.');
            return builder.Append(Name).ToString();
        }
    }
}

/// <summary>A containing type: its declaration keyword (<c>class</c>, <c>struct</c>, <c>record</c>, …) and name.</summary>
internal sealed record ContainingType(string Keyword, string Name);
