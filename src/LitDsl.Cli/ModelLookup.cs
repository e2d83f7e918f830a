using System.Linq;
using LitDsl.Models;

namespace LitDsl.Cli;

/// <summary>Finds a model by the name a user typed, with an error that lists the known names.</summary>
internal static class ModelLookup
{
    public static LitModelInfo Find(string name) =>
        LitModelCatalog.Find(name) ?? throw new CliException(
            $"no model named '{name}'; known models: {string.Join(", ", LitModelCatalog.All.Select(m => m.Name))}",
            ExitCodes.Usage);
}
