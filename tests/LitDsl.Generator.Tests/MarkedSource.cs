using Microsoft.CodeAnalysis.Text;

namespace LitDsl.Generator.Tests;

/// <summary>
/// Test source with the expected diagnostic location marked as <c>[|…|]</c>: the markers are removed and their span
/// kept, so a test states exactly which argument a diagnostic must point at.
/// </summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        var start = marked.IndexOf("[|", System.StringComparison.Ordinal);
        var end = marked.IndexOf("|]", System.StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The source needs one [|…|] marker.");
        var text = marked.Remove(end, 2).Remove(start, 2);
        return new MarkedSource(text, TextSpan.FromBounds(start, end - 2));
    }
}
