using System.Xml.Linq;
using LitDsl.TestSupport;

namespace LitDsl.Package.Tests;

/// <summary>
/// A copy of tests/Consumer outside the repository, with a nuget.config that names the pack output (our packages, and
/// nothing else from it) and nuget.org (everything else), changed as a test needs and built as a user builds it.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    private readonly PackageFeed _feed;

    public ConsumerProject(PackageFeed feed, string name)
    {
        _feed = feed;
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(feed.Root, name)).FullName;
        string template = RepositoryPaths.Combine("tests", "Consumer");
        foreach (string file in System.IO.Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(template, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }
            string target = Path.Combine(Directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
        System.IO.File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="litdsl" value="{feed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="litdsl">
                  <package pattern="LitDsl" />
                  <package pattern="LitDsl.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    public string Directory { get; }

    /// <summary>The project's target framework (the template's is net10.0).</summary>
    public string TargetFramework { get; private set; } = "net10.0";

    /// <summary>Extra environment for running the app (DOTNET_ROLL_FORWARD for a net8.0 build on a .NET 10 machine).</summary>
    public Dictionary<string, string> RunEnvironment { get; } = [];

    private string ProjectFile => Path.Combine(Directory, "Consumer.csproj");

    /// <summary>Adds a PackageReference (with the given version, or ours) to the project file.</summary>
    public ConsumerProject WithPackage(string id, string? version = null, string? excludeAssets = null)
    {
        var project = XDocument.Load(ProjectFile);
        var reference = new XElement("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version ?? "$(LitDslVersion)"));
        if (excludeAssets is not null)
        {
            reference.Add(new XAttribute("ExcludeAssets", excludeAssets));
        }
        project.Root!.Elements("ItemGroup").First().Add(reference);
        project.Save(ProjectFile);
        return this;
    }

    /// <summary>Retargets the project, e.g. to net8.0.</summary>
    public ConsumerProject Targeting(string targetFramework)
    {
        var project = XDocument.Load(ProjectFile);
        project.Descendants("TargetFramework").Single().Value = targetFramework;
        project.Save(ProjectFile);
        TargetFramework = targetFramework;
        return this;
    }

    /// <summary>Appends MSBuild elements (a target, a property group) to the project file.</summary>
    public ConsumerProject With(string msbuildXml)
    {
        var project = XDocument.Load(ProjectFile);
        project.Root!.Add(XElement.Parse(msbuildXml));
        project.Save(ProjectFile);
        return this;
    }

    public CommandResult Build() =>
        ChildProcess.Run(Directory, _feed.Environment, "dotnet",
            "build", "-c", "Release", $"-p:LitDslVersion={PackageFeed.Version}", "--disable-build-servers", "-nodeReuse:false");

    /// <summary>The build output folder.</summary>
    public string Output => Path.Combine(Directory, "bin", "Release", TargetFramework);

    /// <summary>Runs the built app (bin/Release/TFM/Consumer.dll) with <paramref name="arguments"/>.</summary>
    public CommandResult Run(params string[] arguments) =>
        ChildProcess.Run(Directory, _feed.Environment.Concat(RunEnvironment).ToDictionary(), "dotnet",
            [Path.Combine(Output, "Consumer.dll"), .. arguments]);

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
