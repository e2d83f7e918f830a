using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Onnx;
using LitDsl.Runtime.Native;

namespace LitDsl.Runtime;

/// <summary>
/// Builds one ORT session for one execution provider: session options from <see cref="InferenceOptions"/>, the
/// provider appended, then <c>CreateSessionFromArray</c>. Any ORT failure propagates as <see cref="OrtException"/> so
/// the caller can record it as the provider's refusal.
/// </summary>
internal static class SessionFactory
{
    /// <summary>
    /// A session of <paramref name="onnxModel"/> on <paramref name="provider"/>, going through the start-up cache when
    /// <see cref="InferenceOptions.CacheDirectory"/> is set: on CPU an existing entry is loaded with graph optimisation
    /// disabled when its bytes match its record (one that does not, or that ORT cannot load, is deleted, the model
    /// optimised afresh and <paramref name="cacheWarning"/> says why), a missing one is saved; TensorRT gets its engine
    /// and timing caches under the same root unless they are set explicitly.
    /// </summary>
    internal static OrtSessionHandle Create(byte[] onnxModel, ExecutionProvider provider, InferenceOptions options,
        out StartupCacheState cacheState, out string? cacheWarning)
    {
        cacheState = StartupCacheState.NotUsed;
        cacheWarning = null;
        string? cache = options.CacheDirectory;
        if (cache is null)
        {
            return CreateUncached(onnxModel, provider, options);
        }
        if (provider == ExecutionProvider.TensorRT)
        {
            string folder = OptimizedModelCache.TensorRtFolder(cache);
            options = options with
            {
                TensorRt = options.TensorRt with
                {
                    EngineCacheDirectory = options.TensorRt.EngineCacheDirectory ?? folder,
                    TimingCacheDirectory = options.TensorRt.TimingCacheDirectory ?? folder,
                },
            };
            return CreateUncached(onnxModel, provider, options);
        }
        // CUDA has nothing to cache; a user-chosen OptimizedModelPath means the user wants that file, not ours.
        if (provider != ExecutionProvider.Cpu || options.OptimizedModelPath is not null)
        {
            return CreateUncached(onnxModel, provider, options);
        }

        string entry = OptimizedModelCache.EntryPath(cache, onnxModel, provider, options);
        if (File.Exists(entry))
        {
            // Verified and loaded from the same bytes: nothing can change the entry between the check and the load.
            byte[] optimized = File.ReadAllBytes(entry);
            string? problem = OptimizedModelCache.Verify(entry, optimized);
            if (problem is null)
            {
                try
                {
                    var loaded = CreateUncached(optimized, provider,
                        options with { GraphOptimizationLevel = GraphOptimizationLevel.Disabled });
                    cacheState = StartupCacheState.Loaded;
                    return loaded;
                }
                catch (OrtException e)
                {
                    problem = "ONNX Runtime cannot load it: " + e.OrtMessage;
                }
            }
            // Drop it and optimise the original model again below.
            cacheWarning = $"start-up cache entry {entry} was not used and is rebuilt: {problem}";
            OptimizedModelCache.Discard(entry);
            OptimizedModelCache.Discard(OptimizedModelCache.RecordPath(entry));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        string temporary = OptimizedModelCache.TemporaryPath(entry);
        OrtSessionHandle session;
        try
        {
            session = CreateUncached(onnxModel, provider, options with { OptimizedModelPath = temporary });
        }
        catch
        {
            OptimizedModelCache.Discard(temporary);
            throw;
        }
        OptimizedModelCache.Commit(temporary, entry);
        cacheState = !File.Exists(entry) ? StartupCacheState.NotUsed
            : cacheWarning is null ? StartupCacheState.Saved : StartupCacheState.Rebuilt;
        return session;
    }

    private static OrtSessionHandle CreateUncached(byte[] onnxModel, ExecutionProvider provider, InferenceOptions options)
    {
        // The env first: it registers ORT's default logger, which the TensorRT/CUDA provider bridge needs.
        var env = OrtEnvironment.Handle;
        using var sessionOptions = Ort.CreateSessionOptions();
        // Batch parallelism runs one single-threaded ORT run per thread; ORT's own pool would only compete with them.
        Ort.SetIntraOpNumThreads(sessionOptions,
            provider == ExecutionProvider.Cpu && options.Parallelism == CpuParallelism.Batch ? 1 : options.IntraOpThreads);
        Ort.SetInterOpNumThreads(sessionOptions, options.InterOpThreads);
        Ort.SetSessionGraphOptimizationLevel(sessionOptions, options.GraphOptimizationLevel);
        Ort.SetCpuMemArena(sessionOptions, options.CpuMemoryArena);
        if (options.OptimizedModelPath is not null)
        {
            Ort.SetOptimizedModelFilePath(sessionOptions, options.OptimizedModelPath);
        }
        if (options.ProfileFilePrefix is not null)
        {
            Ort.EnableProfiling(sessionOptions, options.ProfileFilePrefix);
        }
        switch (options.ThreadSpinning)
        {
            case ThreadSpinning.Never:
                Ort.AddSessionConfigEntry(sessionOptions, "session.intra_op.allow_spinning", "0");
                Ort.AddSessionConfigEntry(sessionOptions, "session.inter_op.allow_spinning", "0");
                break;
            case ThreadSpinning.DuringRuns:
                Ort.AddSessionConfigEntry(sessionOptions, "session.force_spinning_stop", "1");
                break;
        }
        foreach (var entry in options.ConfigEntries)
        {
            Ort.AddSessionConfigEntry(sessionOptions, entry.Key, entry.Value);
        }

        switch (provider)
        {
            case ExecutionProvider.TensorRT:
                AppendTensorRt(sessionOptions, onnxModel, options);
                // CUDA after TensorRT takes the nodes TensorRT rejects; without it they would fall to the CPU.
                TryAppendCuda(sessionOptions, options.DeviceId);
                break;
            case ExecutionProvider.Cuda:
                AppendCuda(sessionOptions, options.DeviceId);
                break;
        }
        return Ort.CreateSessionFromArray(env, onnxModel, sessionOptions);
    }

    private static void AppendTensorRt(OrtSessionOptionsHandle sessionOptions, byte[] onnxModel, InferenceOptions options)
    {
        // Create the provider options first: on a build without TensorRT this is the call that refuses, before any
        // model parsing or directory creation.
        using var trt = Ort.CreateTensorRtProviderOptions();
        // Read from the model bytes (not from ORT, which has no session yet): the profile must be set before ORT creates it.
        var input = OnnxSignature.Read(onnxModel).Inputs.FirstOrDefault()
            ?? throw new ArgumentException("The ONNX model declares no graph input.", nameof(onnxModel));
        var entries = TensorRtProviderOptions.ToKeyValues(options.TensorRt, options.DeviceId, input.Name,
            input.Dimensions.Select(dimension => dimension.Size).ToArray(), input.Dimensions.Select(dimension => dimension.Symbol).ToArray());
        Ort.UpdateTensorRtProviderOptions(trt, entries);
        Ort.AppendTensorRt(sessionOptions, trt);
        // Only once TensorRT is accepted: a refused provider leaves no empty cache folders behind.
        foreach (string? directory in new[] { options.TensorRt.EngineCacheDirectory, options.TensorRt.TimingCacheDirectory })
        {
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }
    }

    private static void AppendCuda(OrtSessionOptionsHandle sessionOptions, int deviceId)
    {
        using var cuda = Ort.CreateCudaProviderOptions();
        Ort.UpdateCudaProviderOptions(cuda, [new("device_id", deviceId.ToString(CultureInfo.InvariantCulture))]);
        Ort.AppendCuda(sessionOptions, cuda);
    }

    private static void TryAppendCuda(OrtSessionOptionsHandle sessionOptions, int deviceId)
    {
        try
        {
            AppendCuda(sessionOptions, deviceId);
        }
        catch (OrtException)
        {
            // A TensorRT build without the CUDA provider still runs: unsupported nodes go to the CPU instead.
        }
    }
}
