// Runs each provider entry point of the binding once and prints the outcome (null for success, else the operation and
// ONNX Runtime's message) as one JSON object on stdout. What each outcome must be is the tests' business.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LitDsl.Runtime;
using LitDsl.Runtime.Native;
using LitDsl.Runtime.Tests;

var outcomes = new SortedDictionary<string, object?>(StringComparer.Ordinal)
{
    ["version"] = OrtLibrary.VersionString,
    ["loadedPath"] = OrtLibrary.LoadedPath,
    ["providers"] = OrtLibrary.AvailableProviders(),
};
_ = OrtEnvironment.Handle; // the provider bridge logs through the default logger, which the environment registers

Try("tensorRt.create", () =>
{
    using var trt = Ort.CreateTensorRtProviderOptions();
    Try("tensorRt.update", () => Ort.UpdateTensorRtProviderOptions(trt, [new("trt_fp16_enable", "1")]));
    Try("tensorRt.getAsString", () => Ort.GetTensorRtProviderOptionsAsString(trt));
    using var options = Ort.CreateSessionOptions();
    Try("tensorRt.append", () => Ort.AppendTensorRt(options, trt));
});
Try("cuda.create", () =>
{
    using var cuda = Ort.CreateCudaProviderOptions();
    Try("cuda.update", () => Ort.UpdateCudaProviderOptions(cuda, [new("device_id", "0")]));
    Try("cuda.getAsString", () => Ort.GetCudaProviderOptionsAsString(cuda));
    using var options = Ort.CreateSessionOptions();
    Try("cuda.append", () => Ort.AppendCuda(options, cuda));
});
foreach (var provider in new[] { ExecutionProvider.TensorRT, ExecutionProvider.Cuda })
{
    Try($"session.{provider}", () => InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = provider }).Dispose());
}
using (var session = InferenceSession.Create(TestModels.AffineModel()))
{
    float[] input = Enumerable.Range(0, 12).Select(i => i * 0.5f).ToArray();
    var output = session.Run(input, [1, 3, 2, 2]);
    outcomes["auto.provider"] = session.Provider.ToString();
    outcomes["auto.refused"] = session.RefusedProviders.Select(r => new { provider = r.Provider.ToString(), reason = r.Summary }).ToArray();
    outcomes["auto.outputIsAffine"] = output.Data.SequenceEqual(input.Select(TestModels.Affine));
}
Console.WriteLine(JsonSerializer.Serialize(outcomes));
return 0;

void Try(string name, Action action)
{
    try
    {
        action();
        outcomes[name] = null;
    }
    catch (OrtException e)
    {
        outcomes[name] = $"{e.Operation}: {e.OrtMessage}";
    }
    catch (ExecutionProviderUnavailableException e)
    {
        outcomes[name] = e.Message;
    }
}
