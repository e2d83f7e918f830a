extern alias generator;

using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using generator::LitDsl.Generator;
using Microsoft.CodeAnalysis;

namespace LitDsl.Generator.Tests;

/// <summary>Every diagnostic links to its own section of docs/diagnostics.md, and is tracked as a release rule.</summary>
public sealed class HelpLinkTests
{
    private static DiagnosticDescriptor[] Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();

    [Fact]
    public void Every_help_link_points_at_a_section_of_the_diagnostics_page()
    {
        var page = File.ReadAllText(TestSupport.RepositoryPaths.Combine("docs", "diagnostics.md"));
        var sections = Regex.Matches(page, @"^## (LIT\d{4})\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var descriptors = Descriptors();
        Assert.True(descriptors.Length >= 28);
        foreach (var descriptor in descriptors)
        {
            Assert.Equal(DiagnosticDescriptors.DocumentationUrl + "#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.Contains(descriptor.Id, sections);
        }
        Assert.Equal(descriptors.Select(d => d.Id).OrderBy(id => id), sections.OrderBy(id => id));
    }

    [Fact]
    public void Every_diagnostic_is_tracked_in_the_analyzer_releases()
    {
        var directory = TestSupport.RepositoryPaths.Combine("src", "LitDsl.Generator");
        var tracked = File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors())
            Assert.Matches(new Regex($@"^{descriptor.Id} \| {descriptor.Category} \| Error \| {Regex.Escape(descriptor.Title.ToString())}$",
                RegexOptions.Multiline), tracked);
    }
}
