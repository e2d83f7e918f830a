namespace LitDsl.Cli;

/// <summary>The CLI's exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
