// A console app of a LitDsl user: the CLI for the models this assembly declares, plus one command of its own that
// reads the constants the generator put on the model class.
using System;
using Consumer.Models;

if (args is ["constants"])
{
    Console.WriteLine($"{TinyHiLoNet.ModelName} {TinyHiLoNet.Parameters} {TinyHiLoNet.Flops}");
    return 0;
}
return LitDsl.Cli.LitCli.Run(args);
