namespace LitDsl.Runtime.Tests.Checkpoints;

/// <summary>Paths of the checkpoint fixtures (tests/LitDsl.Tests/Fixtures/checkpoints, copied beside the tests).</summary>
internal static class CheckpointFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);
}
