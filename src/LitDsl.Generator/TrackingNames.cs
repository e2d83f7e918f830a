namespace LitDsl.Generator;

/// <summary>Names of the pipeline steps, so tests can check which steps were cached after an edit.</summary>
internal static class TrackingNames
{
    public const string Read = nameof(Read);
    public const string Analyzed = nameof(Analyzed);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Generated = nameof(Generated);
    public const string HintCollisions = nameof(HintCollisions);
    public const string DuplicateNames = nameof(DuplicateNames);
    public const string AllPlans = nameof(AllPlans);
    public const string BuildTargetsImported = nameof(BuildTargetsImported);
}
