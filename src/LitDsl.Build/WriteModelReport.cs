using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LitDsl.Build;

/// <summary>
/// Prints one line per LitDsl model of a freshly built assembly and writes <c>litdsl-report.json</c> and
/// <c>litdsl-report.md</c> beside it. The figures are the generator's, read from the assembly's
/// <c>[AssemblyMetadata("LitDsl.ModelReport", json)]</c> without loading the assembly.
/// </summary>
public sealed class WriteModelReport : Task
{
    private const string ReportKey = "LitDsl.ModelReport";

    /// <summary>The compiled assembly.</summary>
    [Required]
    public string AssemblyPath { get; set; } = "";

    /// <summary>Where the reports go (the build output folder).</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    public override bool Execute()
    {
        string? json;
        List<string> declared;
        try
        {
            json = ReadReport(AssemblyPath);
            declared = json is null ? DeclaredModelTypes(AssemblyPath) : [];
        }
        catch (Exception exception) when (exception is IOException or BadImageFormatException or InvalidOperationException)
        {
            Log.LogWarning("LitDsl: could not read the model report from {0}: {1}", AssemblyPath, exception.Message);
            return true;
        }
        if (json is null)
        {
            // No report: either the assembly declares no models, or it does and the generator never ran (its analyzer
            // is not referenced), which would otherwise leave the models silently missing from the CLI and registry.
            if (declared.Count > 0)
            {
                Log.LogError(
                    "LitDsl: {0} declares [LitModel] classes ({1}) but the LitDsl source generator did not run, so they have no " +
                    "Parameters, Flops, Build or registry entry. Reference the LitDsl package with a PackageReference, which brings the " +
                    "generator; when referencing LitDsl's projects from source, add the generator as an analyzer: <ProjectReference " +
                    "Include=\"…/LitDsl.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />.",
                    Path.GetFileName(AssemblyPath), string.Join(", ", declared));
                return false;
            }
            return true;
        }

        List<ReportModel> models;
        try
        {
            models = ReportModel.ParseAll(json);
        }
        catch (FormatException exception)
        {
            Log.LogError("LitDsl: the model report in {0} is malformed: {1}", AssemblyPath, exception.Message);
            return false;
        }

        foreach (var model in models) Log.LogMessage(MessageImportance.High, "LitDsl: " + model.SummaryLine());

        Directory.CreateDirectory(OutputDirectory);
        var jsonPath = Path.GetFullPath(Path.Combine(OutputDirectory, "litdsl-report.json"));
        var markdownPath = Path.GetFullPath(Path.Combine(OutputDirectory, "litdsl-report.md"));
        WriteIfChanged(jsonPath, JsonText.Indent(json) + "\n");
        WriteIfChanged(markdownPath, ReportModel.Markdown(models));
        Log.LogMessage(MessageImportance.High, $"LitDsl: report written to {jsonPath} and {markdownPath}");
        return true;
    }

    private static string? ReadReport(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (!IsAssemblyMetadataAttribute(metadata, attribute)) continue;
            var blob = metadata.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1) continue; // custom attribute prolog
            var key = blob.ReadSerializedString();
            var value = blob.ReadSerializedString();
            if (key == ReportKey) return value;
        }
        return null;
    }

    /// <summary>The names of the assembly's types that carry <c>[LitDsl.LitModel]</c>.</summary>
    private static List<string> DeclaredModelTypes(string assemblyPath)
    {
        var names = new List<string>();
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            foreach (var handle in type.GetCustomAttributes())
            {
                if (IsAttribute(metadata, metadata.GetCustomAttribute(handle), "LitDsl", "LitModelAttribute"))
                {
                    names.Add(metadata.GetString(type.Name));
                    break;
                }
            }
        }
        return names;
    }

    private static bool IsAssemblyMetadataAttribute(MetadataReader metadata, CustomAttribute attribute) =>
        IsAttribute(metadata, attribute, "System.Reflection", "AssemblyMetadataAttribute");

    private static bool IsAttribute(MetadataReader metadata, CustomAttribute attribute, string @namespace, string name)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference) return false;
        var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
        if (constructor.Parent.Kind != HandleKind.TypeReference) return false;
        var type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
        return metadata.GetString(type.Name) == name && metadata.GetString(type.Namespace) == @namespace;
    }

    /// <summary>Leaves an unchanged report untouched, so incremental builds downstream stay incremental.</summary>
    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        if (File.Exists(path)) File.Delete(path);
        File.Move(temporary, path);
    }
}
