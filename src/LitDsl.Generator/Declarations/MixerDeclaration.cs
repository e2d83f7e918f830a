namespace LitDsl.Generator.Declarations;

/// <summary>
/// The mixer arguments of a stage or layer attribute as written, or defaulted: <see cref="Kind"/> is the raw value of
/// the <c>Mixer</c> argument (it may be no member of the enum: the checker says so), and <see cref="WindowSize"/> and
/// <see cref="ReductionRatio"/> hold the mixer's own default when not written.
/// </summary>
internal sealed record MixerDeclaration(
    Argument<int> Kind,
    Argument<int> Heads,
    Argument<int> WindowSize,
    Argument<double> Alpha,
    Argument<int> ReductionRatio,
    Argument<int> U1)
{
    public Mixer Mixer => (Mixer)Kind.Value;
}
