namespace LitDsl.Generator;

/// <summary>Names of the pipeline steps, so tests can check which steps were cached after an edit.</summary>
internal static class TrackingNames
{
    public const string Parsed = nameof(Parsed);
    public const string Analyzed = nameof(Analyzed);
    public const string Plans = nameof(Plans);
    public const string Diagnostics = nameof(Diagnostics);
    public const string AllPlans = nameof(AllPlans);
}
