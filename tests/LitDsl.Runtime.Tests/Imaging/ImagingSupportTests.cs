using LitDsl.Runtime.Imaging;

namespace LitDsl.Runtime.Tests.Imaging;

/// <summary>The label list and the top-k softmax.</summary>
public sealed class ImagingSupportTests
{
    [Fact]
    public void ImageNet_labels_are_the_1000_classes_in_logit_order()
    {
        var labels = ImageNetLabels.ImageNet1k;
        Assert.Equal(1000, labels.Count);
        Assert.Equal(1000, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("tench", labels[0]);
        Assert.Equal("golden retriever", labels[207]);
        Assert.Equal("toilet tissue", labels[999]);
    }

    [Fact]
    public void Top_classes_are_softmax_probabilities_in_descending_order()
    {
        float[] logits = [1f, 3f, 2f, 3f, -1f];
        var top = ClassPrediction.Top(logits, 3, ["a", "b", "c", "d", "e"]);

        double sum = logits.Sum(l => Math.Exp(l));
        Assert.Equal(new[] { 1, 3, 2 }, top.Select(p => p.Index));   // tie between 1 and 3: lower index first
        Assert.Equal(new[] { "b", "d", "c" }, top.Select(p => p.Label));
        Assert.Equal(Math.Exp(3) / sum, top[0].Probability, 12);
        Assert.Equal(Math.Exp(2) / sum, top[2].Probability, 12);
        Assert.Equal(5, ClassPrediction.Top(logits, 10).Count);
        Assert.Null(ClassPrediction.Top(logits, 1)[0].Label);
    }

    [Fact]
    public void Softmax_does_not_overflow_on_large_logits()
    {
        var top = ClassPrediction.Top([1000f, 999f], 2);
        Assert.Equal(1 / (1 + Math.Exp(-1)), top[0].Probability, 12);
    }
}
