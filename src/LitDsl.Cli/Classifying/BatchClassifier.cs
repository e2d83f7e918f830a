using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using LitDsl.Runtime;
using LitDsl.Runtime.Imaging;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli.Classifying;

/// <summary>
/// Classifies image files in batches on one session: each batch is decoded and preprocessed in parallel (the codecs
/// and the transform are thread-safe), the readable images run as one batch, and answers come back in input order.
/// A file that cannot be read becomes a failed answer naming it; the others in its batch still run.
/// </summary>
internal sealed class BatchClassifier(InferenceSession session, EvaluationTransform transform, int classes, IReadOnlyList<string>? labels, int topCount)
{
    /// <summary>Classifies <paramref name="files"/> <paramref name="batchSize"/> at a time, reporting each answer in order.</summary>
    /// <param name="progress">Told the fraction of files done after each batch.</param>
    public void Classify(IReadOnlyList<string> files, int batchSize, Action<ClassifiedImage> report, Action<double> progress)
    {
        int imageFloats = transform.ElementCount;
        float[] inputs = new float[checked(Math.Min(batchSize, files.Count) * imageFloats)];
        for (int first = 0; first < files.Count; first += batchSize)
        {
            int count = Math.Min(batchSize, files.Count - first);
            var errors = new string?[count];
            try
            {
                Parallel.For(0, count, i =>
                {
                    // A FIFO or device among the images is refused before the decoder opens it (it would block or never end).
                    if (CommandFiles.InputProblem(files[first + i]) is { } problem)
                    {
                        errors[i] = problem;
                        return;
                    }
                    try
                    {
                        var image = ImageDecoder.Decode(files[first + i]);
                        transform.Apply(image, inputs.AsSpan(i * imageFloats, imageFloats));
                    }
                    catch (LitDslFormatException error)
                    {
                        errors[i] = error.Message;
                    }
                });
            }
            catch (AggregateException failure)
            {
                // Not a bad file but a broken setup (a codec library missing): the caller reports it once.
                ExceptionDispatchInfo.Throw(failure.InnerExceptions[0]);
            }

            // Pack the readable images to the front, run them, and hand out answers in input order.
            int readable = 0;
            for (int i = 0; i < count; i++)
            {
                if (errors[i] is not null) continue;
                if (readable != i) inputs.AsSpan(i * imageFloats, imageFloats).CopyTo(inputs.AsSpan(readable * imageFloats));
                readable++;
            }
            float[] logits = readable == 0 ? [] : Run(inputs.AsSpan(0, readable * imageFloats), readable);
            for (int i = 0, row = 0; i < count; i++)
            {
                if (errors[i] is string error)
                {
                    report(ClassifiedImage.Failed(files[first + i], error));
                    continue;
                }
                var predictions = ClassPrediction.Top(logits.AsSpan(row * classes, classes), topCount, labels);
                report(new ClassifiedImage(files[first + i], predictions, null));
                row++;
            }
            progress((double)(first + count) / files.Count);
        }
    }

    private float[] Run(ReadOnlySpan<float> batch, int count)
    {
        var output = session.Run(batch, [count, 3, transform.Size, transform.Size]);
        if (output.Shape.Length != 2 || output.Shape[0] != count || output.Shape[1] != classes)
        {
            throw new CliException($"the model returned [{string.Join(", ", output.Shape)}], not [{count}, {classes}] logits");
        }
        return output.Data;
    }
}
