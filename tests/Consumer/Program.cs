using System;
using LitDsl;
using LitDsl.Cli;

// `dotnet run -- constants` prints what the generator computed at compile time; anything else is the LitDsl command
// line (report, export, run, bench, classify, convert) for the models this project declares.
if (args is ["constants"])
{
    Console.WriteLine($"{TinyHiLoNet.ModelName} {TinyHiLoNet.Parameters} {TinyHiLoNet.Flops}");
    return 0;
}
return LitCli.Run(args);

// A small LITv2 (embed 8, 64×64 input, 10 classes) with every block kind: two ConvFFN stages, HiLo with 2 Lo-Fi and
// 2 Hi-Fi heads at window 2, then plain attention (window 1).
[LitModel("tiny-hilo-net", ImageSize = 64, EmbedDim = 8, Classes = 10)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.5)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.5)]
public static partial class TinyHiLoNet;
