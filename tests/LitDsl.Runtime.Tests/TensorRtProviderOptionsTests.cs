namespace LitDsl.Runtime.Tests;

public sealed class TensorRtProviderOptionsTests
{
    private static readonly long?[] ImageInput = [null, 3, 224, 224];
    private static readonly string?[] ImageInputNames = ["batch", null, null, null];

    private static Dictionary<string, string> Map(TensorRtOptions options, int deviceId = 0) =>
        TensorRtProviderOptions.ToKeyValues(options, deviceId, "input", ImageInput, ImageInputNames)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public void Defaults_turn_caches_off_and_profile_the_batch()
    {
        var map = Map(new TensorRtOptions());
        Assert.Equal("0", map["device_id"]);
        Assert.Equal("0", map["trt_fp16_enable"]);
        Assert.Equal("0", map["trt_engine_cache_enable"]);
        Assert.Equal("0", map["trt_timing_cache_enable"]);
        Assert.False(map.ContainsKey("trt_engine_cache_path"));
        Assert.False(map.ContainsKey("trt_timing_cache_path"));
        Assert.False(map.ContainsKey("trt_max_workspace_size"));
        Assert.Equal("input:1x3x224x224", map["trt_profile_min_shapes"]);
        Assert.Equal("input:1x3x224x224", map["trt_profile_opt_shapes"]);
        Assert.Equal("input:32x3x224x224", map["trt_profile_max_shapes"]);
    }

    [Fact]
    public void Every_option_maps_to_its_documented_key()
    {
        var options = new TensorRtOptions
        {
            Fp16 = true,
            EngineCacheDirectory = "/tmp/engines",
            TimingCacheDirectory = "/tmp/timing",
            WorkspaceSizeBytes = 2L << 30,
            MinBatch = 2,
            OptBatch = 8,
            MaxBatch = 64,
        };
        var entries =
            TensorRtProviderOptions.ToKeyValues(options, 1, "input", ImageInput, ImageInputNames);
        Assert.Equal(
            new[]
            {
                "device_id=1", "trt_fp16_enable=1", "trt_engine_cache_enable=1", "trt_engine_cache_path=/tmp/engines",
                "trt_timing_cache_enable=1", "trt_timing_cache_path=/tmp/timing", "trt_max_workspace_size=2147483648",
                "trt_profile_min_shapes=input:2x3x224x224", "trt_profile_max_shapes=input:64x3x224x224",
                "trt_profile_opt_shapes=input:8x3x224x224",
            },
            entries.Select(kv => kv.Key + "=" + kv.Value));
    }

    [Fact]
    public void Fixed_shape_inputs_need_no_profile()
    {
        var entries = TensorRtProviderOptions.ToKeyValues(new TensorRtOptions(), 0, "x", [1, 3, 32, 32], [null, null, null, null]);
        Assert.DoesNotContain(entries, kv => kv.Key.StartsWith("trt_profile_", StringComparison.Ordinal));
    }

    [Fact]
    public void A_symbolic_dimension_not_named_batch_height_or_width_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TensorRtProviderOptions.ToKeyValues(new TensorRtOptions(), 0, "x", [null, 3, null, 224], ["batch", null, "tokens", null]));
        Assert.Contains("'tokens'", error.Message);
    }

    private static readonly long?[] BackboneInput = [null, 3, null, null];
    private static readonly string?[] BackboneInputNames = ["batch", null, "height", "width"];

    [Fact]
    public void A_backbone_profiles_its_height_and_width_under_their_documented_keys()
    {
        var options = new TensorRtOptions
        {
            MinBatch = 1,
            OptBatch = 2,
            MaxBatch = 4,
            MinHeight = 256,
            OptHeight = 800,
            MaxHeight = 1344,
            MinWidth = 320,
            OptWidth = 1216,
            MaxWidth = 1344,
        };
        var map = TensorRtProviderOptions.ToKeyValues(options, 0, "input", BackboneInput, BackboneInputNames)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("input:1x3x256x320", map["trt_profile_min_shapes"]);
        Assert.Equal("input:2x3x800x1216", map["trt_profile_opt_shapes"]);
        Assert.Equal("input:4x3x1344x1344", map["trt_profile_max_shapes"]);
    }

    [Fact]
    public void A_symbolic_height_without_its_profile_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TensorRtProviderOptions.ToKeyValues(new TensorRtOptions { MinWidth = 32, OptWidth = 64, MaxWidth = 64 }, 0, "input", BackboneInput, BackboneInputNames));
        Assert.Contains("symbolic height; set the TensorRT profile's Min, Opt and MaxHeight", error.Message);
        // A fixed-size input needs none, whatever the options say.
        Assert.DoesNotContain(TensorRtProviderOptions.ToKeyValues(new TensorRtOptions { MinHeight = 1, OptHeight = 2, MaxHeight = 3 }, 0, "x",
            [1, 3, 32, 32], [null, null, null, null]), kv => kv.Key.StartsWith("trt_profile_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 64, 128)]
    [InlineData(64, 32, 128)]
    [InlineData(32, 64, 48)]
    [InlineData(32, null, 64)]
    public void Height_and_width_profiles_must_be_complete_and_ordered(int? min, int? opt, int? max)
    {
        var height = new TensorRtOptions { MinHeight = min, OptHeight = opt, MaxHeight = max, MinWidth = 32, OptWidth = 32, MaxWidth = 32 };
        Assert.Contains("height profile", Assert.Throws<ArgumentException>(() =>
            TensorRtProviderOptions.ToKeyValues(height, 0, "input", BackboneInput, BackboneInputNames)).Message);
        var width = new TensorRtOptions { MinWidth = min, OptWidth = opt, MaxWidth = max, MinHeight = 32, OptHeight = 32, MaxHeight = 32 };
        Assert.Contains("width profile", Assert.Throws<ArgumentException>(() =>
            TensorRtProviderOptions.ToKeyValues(width, 0, "input", BackboneInput, BackboneInputNames)).Message);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(4, 2, 8)]
    [InlineData(1, 8, 4)]
    public void Batch_profile_must_be_ordered(int min, int opt, int max)
    {
        var options = new TensorRtOptions { MinBatch = min, OptBatch = opt, MaxBatch = max };
        Assert.Throws<ArgumentException>(() => TensorRtProviderOptions.ToKeyValues(options, 0, "input", ImageInput, ImageInputNames));
    }
}
