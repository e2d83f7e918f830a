using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli;

/// <summary>
/// Turns a <c>--weights</c> file into the weight source a graph is built from. The one place the CLI reads weights:
/// until the checkpoint binding (.pth and .safetensors with its name checks) lands, it reads .safetensors files whose
/// keys are the reference <c>state_dict</c> names, as the parity fixtures are.
/// </summary>
internal static class WeightFiles
{
    /// <summary>Reads <paramref name="path"/>; a tensor the model asks for that is missing or mis-shaped is one error.</summary>
    public static IWeightSource Load(string path)
    {
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"{path}: only .safetensors weights are read (keys named as the reference state_dict)", ExitCodes.Usage);
        }
        return new StateDict(path, SafetensorsFile.Read(path).Tensors);
    }

    private sealed class StateDict(string path, IReadOnlyDictionary<string, FloatTensor> tensors) : IWeightSource
    {
        public float[] GetTensor(string name, int[] shape, ParameterInit init)
        {
            if (!tensors.TryGetValue(name, out var tensor))
                throw new CliException($"{path}: has no tensor '{name}' [{string.Join(", ", shape)}], which the model needs");
            if (!tensor.Shape.SequenceEqual(shape))
                throw new CliException(
                    $"{path}: tensor '{name}' is [{string.Join(", ", tensor.Shape)}], the model needs [{string.Join(", ", shape)}]");
            return tensor.Data;
        }
    }
}
