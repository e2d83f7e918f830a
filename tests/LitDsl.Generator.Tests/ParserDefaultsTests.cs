namespace LitDsl.Generator.Tests;

/// <summary>The generator repeats the attribute classes' defaults (it cannot run their initialisers): they must agree.</summary>
public sealed class ParserDefaultsTests
{
    [Fact]
    public void Parser_defaults_equal_the_attribute_defaults()
    {
        var model = new LitModelAttribute("x");
        Assert.Equal(LitModelGenerator.Parser.DefaultImageSize, model.ImageSize);
        Assert.Equal(LitModelGenerator.Parser.DefaultInChannels, model.InChannels);
        Assert.Equal(LitModelGenerator.Parser.DefaultClasses, model.Classes);
        Assert.Equal(LitModelGenerator.Parser.DefaultPatchSize, model.PatchSize);
        Assert.Equal(LitModelGenerator.Parser.DefaultEmbedDim, model.EmbedDim);
        Assert.Equal(LitModelGenerator.Parser.DefaultMlpRatio, model.MlpRatio);
        Assert.Equal(LitModelGenerator.Parser.DefaultQkvBias, model.QkvBias);
        Assert.False(model.PadToWindow);

        var stage = new HiLoStageAttribute(1);
        Assert.Equal(LitModelGenerator.Parser.DefaultDepth, stage.Depth);
        Assert.Equal(LitModelGenerator.Parser.DefaultDepth, new ConvFfnStageAttribute(1).Depth);
        Assert.Equal(LitModelGenerator.Parser.DefaultWindowSize, stage.WindowSize);
        Assert.Equal(LitModelGenerator.Parser.DefaultAlpha, stage.Alpha);
        Assert.Equal(0, stage.Heads);

        var layer = new HiLoLayerAttribute();
        Assert.Equal(LitModelGenerator.Parser.DefaultTokens, layer.Tokens);
        Assert.Equal(LitModelGenerator.Parser.DefaultWindowSize, layer.WindowSize);
        Assert.Equal(LitModelGenerator.Parser.DefaultAlpha, layer.Alpha);
        Assert.Equal(LitModelGenerator.Parser.DefaultLayerQkvBias, layer.QkvBias);

        // Window size and reduction ratio are 0 on the attributes ("the mixer's default"); the parser resolves them.
        var attentionLayer = new AttentionLayerAttribute();
        Assert.Equal(LitModelGenerator.Parser.DefaultAttentionMixer, (int)attentionLayer.Mixer);
        Assert.Equal(LitModelGenerator.Parser.DefaultTokens, attentionLayer.Tokens);
        Assert.Equal(LitModelGenerator.Parser.DefaultAlpha, attentionLayer.Alpha);
        Assert.Equal(LitModelGenerator.Parser.DefaultAttentionLayerQkvBias, attentionLayer.QkvBias);
        Assert.Equal(0, attentionLayer.WindowSize);
        Assert.Equal(0, attentionLayer.ReductionRatio);

        var attentionStage = new AttentionStageAttribute(1);
        Assert.Equal(LitModelGenerator.Parser.DefaultAttentionMixer, (int)attentionStage.Mixer);
        Assert.Equal(LitModelGenerator.Parser.DefaultDepth, attentionStage.Depth);
        Assert.Equal(LitModelGenerator.Parser.DefaultAlpha, attentionStage.Alpha);
        Assert.Equal(0, attentionStage.WindowSize);
        Assert.Equal(0, attentionStage.ReductionRatio);

        var linGlo = new LinGloStageAttribute(1);
        Assert.Equal(LitModelGenerator.Parser.DefaultLinGloMixer, (int)linGlo.Mixer);
        Assert.Equal(LitModelGenerator.Parser.DefaultDepth, linGlo.Depth);
        Assert.Equal(LitModelGenerator.Parser.DefaultMlpRatio, linGlo.MlpRatio);
        Assert.Equal(LitModelGenerator.Parser.DefaultCpeBranches, linGlo.CpeBranches);
        Assert.Equal(0, linGlo.Channels);

        // Each mixer's enum value is the generator's own copy of it.
        foreach (var mixer in System.Enum.GetValues<Mixer>())
            Assert.Equal(mixer.ToString(), ((Model.MixerKind)(int)mixer).ToString());
        Assert.Equal(2, LitModelGenerator.Parser.DefaultWindowSizeOf((int)Mixer.HiLo));
        Assert.Equal(7, LitModelGenerator.Parser.DefaultWindowSizeOf((int)Mixer.Window));
        Assert.Equal(2, LitModelGenerator.Parser.DefaultReductionRatioOf((int)Mixer.Sra));
    }
}
