using System.Linq;
using Google.Protobuf;
using LitDsl.Onnx.Proto;

namespace LitDsl.Runtime.Tests;

/// <summary>Tiny ONNX models built in memory with LitDsl's proto classes, so the tests need no fixture files.</summary>
internal static class TestModels
{
    /// <summary>
    /// <c>output = input * 2 + 1</c> on a float tensor of shape [batch, 3, 2, 2]; output has the same shape.
    /// </summary>
    internal static byte[] AffineModel()
    {
        var graph = new GraphProto { Name = "affine" };
        graph.Input.Add(FloatValue("input", ["batch", 3L, 2L, 2L]));
        graph.Output.Add(FloatValue("output", ["batch", 3L, 2L, 2L]));
        graph.Initializer.Add(Scalar("two", 2f));
        graph.Initializer.Add(Scalar("one", 1f));
        graph.Node.Add(Node("Mul", ["input", "two"], ["scaled"]));
        graph.Node.Add(Node("Add", ["scaled", "one"], ["output"]));
        return Model(graph);
    }

    /// <summary>
    /// <c>output = Flatten(input)</c> from [batch, 3, height, width] to [batch, features]: the output's second dimension
    /// depends on the input's spatial size, so it is only known after running.
    /// </summary>
    internal static byte[] FlattenModelWithSymbolicFeatures()
    {
        var graph = new GraphProto { Name = "flatten" };
        graph.Input.Add(FloatValue("input", ["batch", 3L, "height", "width"]));
        graph.Output.Add(FloatValue("output", ["batch", "features"]));
        var flatten = Node("Flatten", ["input"], ["output"]);
        flatten.Attribute.Add(new AttributeProto { Name = "axis", I = 1, Type = AttributeProto.Types.AttributeType.Int });
        graph.Node.Add(flatten);
        return Model(graph);
    }

    /// <summary>
    /// Two outputs of an input [batch, 3, height, width]: <c>scaled = input * 2</c> (the input's shape) and
    /// <c>flat = Flatten(input)</c> [batch, 3·height·width]; both follow the input's height and width, as a backbone's maps do.
    /// </summary>
    internal static byte[] TwoOutputModel()
    {
        var graph = new GraphProto { Name = "two-outputs" };
        graph.Input.Add(FloatValue("input", ["batch", 3L, "height", "width"]));
        graph.Output.Add(FloatValue("scaled", ["batch", 3L, "height", "width"]));
        graph.Output.Add(FloatValue("flat", ["batch", "features"]));
        graph.Initializer.Add(Scalar("two", 2f));
        graph.Node.Add(Node("Mul", ["input", "two"], ["scaled"]));
        var flatten = Node("Flatten", ["input"], ["flat"]);
        flatten.Attribute.Add(new AttributeProto { Name = "axis", I = 1, Type = AttributeProto.Types.AttributeType.Int });
        graph.Node.Add(flatten);
        return Model(graph);
    }

    /// <summary>
    /// <c>output = input · W</c>, input [batch, <paramref name="size"/>], W a constant [size, size] of 1/size: a matrix
    /// product big enough for ORT to spread over its intra-op threads. Each output element is the mean of its row.
    /// </summary>
    internal static byte[] MatMulModel(int size)
    {
        var graph = new GraphProto { Name = "matmul" };
        graph.Input.Add(FloatValue("input", ["batch", (long)size]));
        graph.Output.Add(FloatValue("output", ["batch", (long)size]));
        var weight = new TensorProto { Name = "weight", DataType = (int)TensorProto.Types.DataType.Float };
        weight.Dims.AddRange([size, size]);
        weight.FloatData.AddRange(Enumerable.Repeat(1f / size, size * size));
        graph.Initializer.Add(weight);
        graph.Node.Add(Node("MatMul", ["input", "weight"], ["output"]));
        return Model(graph);
    }

    /// <summary>
    /// A dense-prediction backbone's interface, built by hand: one image [batch, 3, height, width] with symbolic height
    /// and width, and two feature maps — <c>features.0</c> = image × 2 at full size and <c>features.1</c>, its 2×2
    /// average pool, at half size ([batch, 3, height_2, width_2]).
    /// </summary>
    internal static byte[] MultiOutputModelWithSymbolicSize()
    {
        var graph = new GraphProto { Name = "backbone-like" };
        graph.Input.Add(FloatValue("image", ["batch", 3L, "height", "width"]));
        graph.Output.Add(FloatValue("features.0", ["batch", 3L, "height", "width"]));
        graph.Output.Add(FloatValue("features.1", ["batch", 3L, "height_2", "width_2"]));
        graph.Initializer.Add(Scalar("two", 2f));
        graph.Node.Add(Node("Mul", ["image", "two"], ["features.0"]));
        var pool = Node("AveragePool", ["image"], ["features.1"]);
        pool.Attribute.Add(new AttributeProto { Name = "kernel_shape", Ints = { 2, 2 }, Type = AttributeProto.Types.AttributeType.Ints });
        pool.Attribute.Add(new AttributeProto { Name = "strides", Ints = { 2, 2 }, Type = AttributeProto.Types.AttributeType.Ints });
        graph.Node.Add(pool);
        return Model(graph);
    }

    /// <summary>
    /// A classifier's interface: <c>input</c> [batch, <paramref name="classes"/>] → <c>scores</c> = input × 2, one
    /// score per class. With <paramref name="weightsAsInput"/> the constant is also listed among the graph inputs, as
    /// exporters before ONNX IR 4 list every initializer.
    /// </summary>
    internal static byte[] ScoresModel(int classes, bool weightsAsInput = false)
    {
        var graph = new GraphProto { Name = "scores" };
        graph.Input.Add(FloatValue("input", ["batch", (long)classes]));
        if (weightsAsInput)
        {
            graph.Input.Add(FloatValue("two", []));
        }
        graph.Output.Add(FloatValue("scores", ["batch", (long)classes]));
        graph.Initializer.Add(Scalar("two", 2f));
        graph.Node.Add(Node("Mul", ["input", "two"], ["scores"]));
        return Model(graph);
    }

    /// <summary><c>output = Identity(input)</c> on [1, 3]: a batch fixed at 1, which Triton cannot batch.</summary>
    internal static byte[] FixedBatchModel()
    {
        var graph = new GraphProto { Name = "fixed-batch" };
        graph.Input.Add(FloatValue("input", [1L, 3L]));
        graph.Output.Add(FloatValue("output", [1L, 3L]));
        graph.Node.Add(Node("Identity", ["input"], ["output"]));
        return Model(graph);
    }

    /// <summary>Reference result of <see cref="AffineModel"/>.</summary>
    internal static float Affine(float x) => x * 2f + 1f;

    private static byte[] Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 9, ProducerName = "litdsl-runtime-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 19 });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static TensorProto Scalar(string name, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        return tensor;
    }

    private static ValueInfoProto FloatValue(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = (long)dim });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
