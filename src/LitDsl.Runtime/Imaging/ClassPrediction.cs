using System;
using System.Collections.Generic;

namespace LitDsl.Runtime.Imaging;

/// <summary>One class of a classifier's answer: its index (logit position), softmax probability and name, if known.</summary>
public sealed record ClassPrediction(int Index, double Probability, string? Label)
{
    /// <summary>
    /// The <paramref name="count"/> most probable classes of one sample's <paramref name="logits"/>, most probable first
    /// (ties: lower index first), with probabilities from a softmax over all logits (in double, max-shifted).
    /// </summary>
    /// <param name="labels">Class names by index, or null to leave <see cref="Label"/> empty.</param>
    public static IReadOnlyList<ClassPrediction> Top(ReadOnlySpan<float> logits, int count, IReadOnlyList<string>? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(logits.Length, nameof(logits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (labels is not null && labels.Count != logits.Length)
        {
            throw new ArgumentException($"{labels.Count} labels for {logits.Length} classes.", nameof(labels));
        }
        double max = double.NegativeInfinity;
        foreach (float logit in logits)
        {
            max = Math.Max(max, logit);
        }
        double sum = 0;
        foreach (float logit in logits)
        {
            sum += Math.Exp(logit - max);
        }
        int[] order = new int[logits.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        float[] copy = logits.ToArray();
        // Descending by logit (softmax is monotonic), stable on index.
        Array.Sort(order, (a, b) => copy[b].CompareTo(copy[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var top = new ClassPrediction[Math.Min(count, logits.Length)];
        for (int i = 0; i < top.Length; i++)
        {
            int index = order[i];
            top[i] = new ClassPrediction(index, Math.Exp(copy[index] - max) / sum, labels?[index]);
        }
        return top;
    }
}
