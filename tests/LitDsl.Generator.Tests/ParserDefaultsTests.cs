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
    }
}
