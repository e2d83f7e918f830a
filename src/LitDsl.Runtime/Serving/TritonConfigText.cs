using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// Writes a <see cref="TritonModelConfig"/> as <c>config.pbtxt</c>: the protobuf text format of Triton's
/// <c>inference.ModelConfig</c> (github triton-inference-server/common, <c>protobuf/model_config.proto</c>). Fields in
/// a fixed order, two-space indents, <c>\n</c> line ends, invariant numbers: the same config gives the same bytes.
/// </summary>
internal static class TritonConfigText
{
    public static string Write(TritonModelConfig config)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(config.Name).Append(" for Triton's ONNX Runtime backend, written by LitDsl.\n");
        Field(text, 0, "name", Quoted(config.Name));
        Field(text, 0, "backend", Quoted(TritonModelConfig.Backend));
        Field(text, 0, "default_model_filename", Quoted(TritonRepositoryLayout.ModelFileName));
        Field(text, 0, "max_batch_size", Number(config.MaxBatchSize));
        Tensors(text, "input", config.Inputs);
        Tensors(text, "output", config.Outputs);

        text.Append("dynamic_batching {\n");
        Field(text, 1, "preferred_batch_size", List(config.PreferredBatchSizes.Select(size => (long)size)));
        Field(text, 1, "max_queue_delay_microseconds", Number(config.MaxQueueDelayMicroseconds));
        text.Append("}\n");

        text.Append("instance_group [\n  {\n");
        Field(text, 2, "count", Number(config.InstanceCount));
        Field(text, 2, "kind", config.InstanceKindName);
        text.Append("  }\n]\n");

        if (config.HasTensorRt)
        {
            text.Append("optimization {\n  execution_accelerators {\n    gpu_execution_accelerator [\n      {\n");
            Field(text, 4, "name", Quoted(TritonModelConfig.TensorRtAccelerator));
            foreach (var parameter in config.TensorRtParameters)
            {
                text.Append(' ', 8).Append("parameters { key: ").Append(Quoted(parameter.Key))
                    .Append(" value: ").Append(Quoted(parameter.Value)).Append(" }\n");
            }
            text.Append("      }\n    ]\n  }\n}\n");
        }
        return text.ToString();
    }

    private static void Tensors(StringBuilder text, string field, IReadOnlyList<TritonTensor> tensors)
    {
        text.Append(field).Append(" [\n");
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            text.Append("  {\n");
            Field(text, 2, "name", Quoted(tensor.Name));
            Field(text, 2, "data_type", tensor.DataType);
            Field(text, 2, "dims", List(tensor.Dims));
            if (tensor.LabelFileName is { } labels)
            {
                Field(text, 2, "label_filename", Quoted(labels));
            }
            text.Append(i < tensors.Count - 1 ? "  },\n" : "  }\n");
        }
        text.Append("]\n");
    }

    private static void Field(StringBuilder text, int depth, string name, string value) =>
        text.Append(' ', depth * 2).Append(name).Append(": ").Append(value).Append('\n');

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string List(IEnumerable<long> values) => "[ " + string.Join(", ", values.Select(Number)) + " ]";

    // A text-format string: quotes and backslashes escaped, ASCII control characters as octal escapes (an escape
    // stands for one byte); every other character as it is, in UTF-8.
    private static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            if (c is '"' or '\\') text.Append('\\').Append(c);
            else if (c < ' ' || c == '\x7f') text.Append('\\').Append(System.Convert.ToString(c, 8).PadLeft(3, '0'));
            else text.Append(c);
        }
        return text.Append('"').ToString();
    }
}
