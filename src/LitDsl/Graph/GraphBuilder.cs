using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LitDsl.Graph;

/// <summary>
/// Builds a model graph: values with their dimensions (fixed, or symbolic: the batch, and a backbone's height and
/// width, see <see cref="Dimension"/>), ONNX operators with their shape rules, parameters named as in the reference
/// <c>state_dict</c>, and a per-layer record of parameters and FLOPs. A symbolic size that an operator needs as data
/// (a reshape's target, a pad, a crop) is computed in the graph from the input's <c>Shape</c>, once per size. Block
/// builders are written against it; the ONNX writer serialises what <see cref="Finish"/> returns.
/// </summary>
public sealed class GraphBuilder(string modelName, IWeightSource weights)
{
    /// <summary>The symbolic batch dimension's marker in <see cref="TensorValue.Shape"/>.</summary>
    public const int Batch = -1;

    private readonly List<TensorValue> _inputs = [];
    private readonly List<TensorValue> _outputs = [];
    private readonly List<Node> _nodes = [];
    private readonly List<Initializer> _initializers = [];
    private readonly List<BuiltLayer> _layers = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorValue> _constants = new(StringComparer.Ordinal);
    // The input of every Reshape node, by the node's output: a reshape of a reshape reads the first one's input.
    private readonly Dictionary<string, TensorValue> _reshapeSources = new(StringComparer.Ordinal);
    // Where each symbolic size of the input is read (input value, axis), and each size already computed as a [1] tensor.
    private readonly Dictionary<string, (TensorValue Input, int Axis)> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<Dimension, TensorValue> _dimensionValues = [];
    private readonly Dictionary<string, TensorValue> _shapeTensors = new(StringComparer.Ordinal);
    private LayerScope? _openLayer;
    private string? _unfinishedLayer;

    /// <summary>The model's name, written into the ONNX graph.</summary>
    public string ModelName { get; } = modelName;

    /// <summary>Where parameter and buffer values come from.</summary>
    public IWeightSource Weights { get; } = weights;

    // ---- graph interface ---------------------------------------------------------------------------------------

    /// <summary>Declares a float input; <paramref name="sampleShape"/> leaves out the batch dimension.</summary>
    public TensorValue Input(string name, params int[] sampleShape) =>
        Input(name, sampleShape.Select(d => d < 1
            ? throw new InvalidOperationException($"Input '{name}': dimension {d} of a static input.")
            : Dimension.Fixed(d)).ToArray());

    /// <summary>
    /// Declares a float input whose sample dimensions may be symbolic (<see cref="Dimension.Symbol"/>, such as
    /// <c>height</c>): the graph then reads each from this input when it runs, and the ONNX file names it so.
    /// </summary>
    public TensorValue Input(string name, params Dimension[] sampleShape)
    {
        var value = new TensorValue(Claim(name), [Dimension.Batch, .. sampleShape]);
        for (var axis = 0; axis < value.Rank; axis++)
        {
            var dimension = value.DimensionAt(axis);
            if (dimension.SymbolName is { } symbol)
            {
                if (!_symbols.TryAdd(symbol, (value, axis)) && symbol != Dimension.BatchName)
                    throw new InvalidOperationException($"Input '{name}': the symbolic size '{symbol}' is already an input's.");
            }
            else if (!dimension.IsFixed)
            {
                throw new InvalidOperationException($"Input '{name}': dimension {axis} ({dimension}) is neither fixed nor a symbol.");
            }
        }
        _inputs.Add(value);
        return value;
    }

    /// <summary>Declares <paramref name="value"/> as a graph output called <paramref name="name"/>.</summary>
    public TensorValue Output(TensorValue value, string name)
    {
        var output = Op("Identity", [value], value.Dimensions, [], name);
        _outputs.Add(output);
        return output;
    }

    /// <summary>A learnable parameter, named as in the reference <c>state_dict</c>; counted in the layer's parameters.</summary>
    public TensorValue Parameter(string name, int[] shape, ParameterInit init) => Tensor(name, shape, init, true);

    /// <summary>
    /// A learnable parameter whose values the block computed itself (a re-parameterised convolution folded from
    /// training-time branches); counted in the layer's parameters like any other.
    /// </summary>
    public TensorValue Parameter(string name, int[] shape, float[] values)
    {
        long expected = shape.Aggregate(1L, (a, d) => a * d);
        if (values.LongLength != expected)
            throw new InvalidOperationException(
                $"Weight '{name}' has {values.LongLength} values; shape [{string.Join(", ", shape)}] needs {expected}.");
        _initializers.Add(new Initializer(Claim(name), shape, values, null, true));
        if (_openLayer is not null) _openLayer.Parameters += expected;
        return new TensorValue(name, shape);
    }

    /// <summary>A buffer (BatchNorm running statistics): stored, not counted as a parameter.</summary>
    public TensorValue Buffer(string name, int[] shape, ParameterInit init) => Tensor(name, shape, init, false);

    private TensorValue Tensor(string name, int[] shape, ParameterInit init, bool isParameter)
    {
        var data = Weights.GetTensor(name, shape, init);
        long expected = shape.Aggregate(1L, (a, d) => a * d);
        if (data.LongLength != expected)
            throw new InvalidOperationException(
                $"Weight '{name}' has {data.LongLength} values; shape [{string.Join(", ", shape)}] needs {expected}.");
        _initializers.Add(new Initializer(Claim(name), shape, data, null, isParameter));
        if (isParameter && _openLayer is not null) _openLayer.Parameters += expected;
        return new TensorValue(name, shape);
    }

    /// <summary>An int64 constant (shapes, axes, pads); equal constants are shared.</summary>
    public TensorValue Int64Constant(params long[] values)
    {
        var key = "const_i64_" + string.Join("_", values.Select(v => v.ToString(CultureInfo.InvariantCulture))).Replace('-', 'm');
        if (_constants.TryGetValue(key, out var existing)) return existing;
        var value = new TensorValue(Claim(key), [values.Length]);
        _initializers.Add(new Initializer(value.Name, value.Shape, null, values, false));
        _constants[key] = value;
        return value;
    }

    /// <summary>A float scalar constant; equal constants are shared.</summary>
    public TensorValue FloatConstant(float value)
    {
        var key = "const_f32_" + BitConverter.SingleToInt32Bits(value).ToString("x8", CultureInfo.InvariantCulture);
        if (_constants.TryGetValue(key, out var existing)) return existing;
        var tensor = new TensorValue(Claim(key), Array.Empty<int>());
        _initializers.Add(new Initializer(tensor.Name, [], [value], null, false));
        _constants[key] = tensor;
        return tensor;
    }

    // ---- layers ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Opens a layer record: parameters created until it is disposed are counted in it; the block adds its FLOPs with
    /// <see cref="LayerScope.AddFlops"/> and sets its output. Layers do not nest.
    /// </summary>
    public LayerScope BeginLayer(string name, string kind)
    {
        if (_openLayer is not null)
            throw new InvalidOperationException($"Layer '{name}' begins inside layer '{_openLayer.Name}'.");
        return _openLayer = new LayerScope(this, name, kind);
    }

    /// <summary>An open layer record; see <see cref="BeginLayer"/>.</summary>
    public sealed class LayerScope : IDisposable
    {
        private readonly GraphBuilder _owner;

        internal LayerScope(GraphBuilder owner, string name, string kind) => (_owner, Name, Kind) = (owner, name, kind);

        public string Name { get; }
        public string Kind { get; }
        internal long Parameters { get; set; }
        private long Flops { get; set; }
        private TensorValue? Output { get; set; }

        /// <summary>Adds multiply-accumulates, in the reference convention.</summary>
        public void AddFlops(long flops) => Flops += flops;

        /// <summary>Records the layer's output and returns it.</summary>
        public TensorValue Complete(TensorValue output) => Output = output;

        public void Dispose()
        {
            _owner._openLayer = null;
            // Throwing here would replace an exception already unwinding the layer (a weight source refusing a
            // tensor, say) with this one; Finish reports the unfinished layer instead.
            if (Output is null)
            {
                _owner._unfinishedLayer ??= Name;
                return;
            }
            _owner._layers.Add(new BuiltLayer(Name, Kind, Output.Shape.Skip(1).ToArray(), Parameters, Flops));
        }
    }

    // ---- operators (ONNX default domain, opset 20) -------------------------------------------------------------

    public TensorValue MatMul(TensorValue a, TensorValue b)
    {
        if (!Same(a.DimensionAt(-1), b.DimensionAt(-2)))
            throw Mismatch("MatMul", a, b);
        var batchA = a.Dimensions.Take(a.Rank - 2).ToArray();
        var batchB = b.Dimensions.Take(b.Rank - 2).ToArray();
        Dimension[] shape = [.. Broadcast(batchA, batchB, "MatMul"), a.DimensionAt(-2), b.DimensionAt(-1)];
        return Op("MatMul", [a, b], shape, count: new GraphCount(checked(Elements(shape) * a.Dim(-1)), 0, 0));
    }

    public TensorValue Add(TensorValue a, TensorValue b) => Op("Add", [a, b], Broadcast(a.Dimensions, b.Dimensions, "Add"));

    public TensorValue Mul(TensorValue a, TensorValue b) => Op("Mul", [a, b], Broadcast(a.Dimensions, b.Dimensions, "Mul"));

    public TensorValue Transpose(TensorValue x, params int[] perm)
    {
        if (perm.Length != x.Rank) throw new InvalidOperationException($"Transpose of {x.ShapeText} by {perm.Length} axes.");
        return Op("Transpose", [x], perm.Select(p => x.DimensionAt(p)).ToArray(), [Ints("perm", perm)]);
    }

    /// <summary>Reshape to <paramref name="shape"/>; <see cref="Batch"/> in dimension 0 keeps the batch (ONNX 0).</summary>
    public TensorValue Reshape(TensorValue x, params int[] shape)
    {
        if (shape.Skip(1).Any(d => d < 1))
            throw new InvalidOperationException($"Reshape of {x.ShapeText} to a shape with a non-static dimension.");
        return Reshape(x, shape.Select(d => (Dimension)d).ToArray());
    }

    /// <summary>
    /// Reshape to <paramref name="shape"/>, whose dimensions may be symbolic: each is then copied from the input
    /// (ONNX 0) where the input has it at the same axis, inferred (-1) when it is the only unknown, or computed from the
    /// graph input's shape. The element count is checked at the traced size.
    /// </summary>
    public TensorValue Reshape(TensorValue x, params Dimension[] shape)
    {
        var result = new TensorValue("", shape);
        if (shape.Skip(1).Any(d => d.DependsOnBatch) || result.ElementsPerSample != x.ElementsPerSample
            || shape.Length == 0 || shape[0].DependsOnBatch != x.DimensionAt(0).DependsOnBatch)
            throw new InvalidOperationException($"Reshape of {x.ShapeText} to {result.ShapeText} changes the element count.");
        return ReshapeNode(x, shape);
    }

    /// <summary>
    /// Emits a Reshape to <paramref name="shape"/>. A reshape of a reshape reads the first one's input instead, so chains
    /// (tokens → rows → map) cost one node; the skipped node is dropped by <see cref="Finish"/> when nothing else reads
    /// it. Reading an earlier input, ONNX's "copy dimension i" would copy that input's dimension, which may be batch ×
    /// tokens, so nothing is copied then: the one unknown is inferred (-1) and any other is computed.
    /// </summary>
    private TensorValue ReshapeNode(TensorValue x, Dimension[] shape)
    {
        var collapsed = _reshapeSources.TryGetValue(x.Name, out var source);
        var input = collapsed ? source! : x;
        var entries = new ShapeEntry[shape.Length];
        int? inferred = null;
        for (var i = 0; i < shape.Length; i++)
        {
            var d = shape[i];
            if (d.IsFixed) entries[i] = ShapeEntry.Of(d.Value);
            else if (!collapsed && i < input.Rank && input.DimensionAt(i).Equals(d)) entries[i] = ShapeEntry.Of(0);
            else if (inferred is null || (d.DependsOnBatch && !shape[inferred.Value].DependsOnBatch)) inferred = i;
        }
        for (var i = 0; i < shape.Length; i++)
        {
            if (entries[i].IsSet) continue;
            entries[i] = i == inferred ? ShapeEntry.Of(-1) : ShapeEntry.Computed(shape[i]);
        }
        var result = Op("Reshape", [input, ShapeTensor(entries)], shape);
        _reshapeSources[result.Name] = input;
        return result;
    }

    public TensorValue Softmax(TensorValue x, int axis = -1) => Op("Softmax", [x], x.Dimensions, [Int("axis", axis)]);

    /// <summary>GELU with the exact (erf) form, as <c>nn.GELU()</c>.</summary>
    public TensorValue Gelu(TensorValue x) => Op("Gelu", [x], x.Dimensions);

    public TensorValue LayerNormalization(TensorValue x, TensorValue scale, TensorValue bias, float epsilon = 1e-5f) =>
        Op("LayerNormalization", [x, scale, bias], x.Dimensions, [Int("axis", -1), Float("epsilon", epsilon)],
            count: new GraphCount(0, x.ElementsPerSample, 0));

    public TensorValue BatchNormalization(TensorValue x, TensorValue scale, TensorValue bias, TensorValue mean,
        TensorValue variance, float epsilon = 1e-5f) =>
        Op("BatchNormalization", [x, scale, bias, mean, variance], x.Dimensions, [Float("epsilon", epsilon)],
            count: new GraphCount(0, x.ElementsPerSample, 0));

    /// <summary>2-D convolution, NCHW, square kernel, symmetric padding; the output floors as PyTorch's.</summary>
    public TensorValue Conv(TensorValue x, TensorValue weight, TensorValue? bias, int kernel, int stride, int padding,
        int groups = 1)
    {
        TensorValue[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        Dimension[] shape = [x.DimensionAt(0), weight.Dim(0), ConvOutput(x, 2, kernel, stride, padding), ConvOutput(x, 3, kernel, stride, padding)];
        var outputs = Elements(shape);
        return Op("Conv", inputs, shape,
        [
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride),
            Ints("pads", padding, padding, padding, padding), Int("group", groups),
        ], count: new GraphCount(checked(outputs * (x.Dim(1) / groups) * kernel * kernel), 0, bias is null ? 0 : outputs));
    }

    /// <summary>ONNX DeformConv (opset 19): offsets laid out as torchvision's <c>deform_conv2d</c>; the output floors.</summary>
    public TensorValue DeformConv(TensorValue x, TensorValue weight, TensorValue offset, TensorValue bias, int kernel,
        int stride, int padding)
    {
        var (h, w) = (ConvOutput(x, 2, kernel, stride, padding), ConvOutput(x, 3, kernel, stride, padding));
        offset.Expect(x.DimensionAt(0), 2 * kernel * kernel, h, w);
        Dimension[] shape = [x.DimensionAt(0), weight.Dim(0), h, w];
        var outputs = Elements(shape);
        // The bilinear sampling at the offset positions is not a multiply-accumulate of the kernel; it is left out.
        return Op("DeformConv", [x, weight, offset, bias], shape,
        [
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride),
            Ints("pads", padding, padding, padding, padding),
        ], count: new GraphCount(checked(outputs * x.Dim(1) * kernel * kernel), 0, outputs));
    }

    /// <summary>Mean over <paramref name="axes"/>, which are dropped.</summary>
    public TensorValue ReduceMean(TensorValue x, params int[] axes)
    {
        var normalised = axes.Select(a => a < 0 ? a + x.Rank : a).ToArray();
        if (normalised.Length == 0 || normalised.Any(a => a < 1 || a >= x.Rank) || normalised.Distinct().Count() != normalised.Length)
            throw new InvalidOperationException($"ReduceMean of {x.ShapeText} over axes [{string.Join(", ", axes)}].");
        return Op("ReduceMean", [x, Int64Constant(normalised.Select(a => (long)a).ToArray())],
            x.Dimensions.Where((_, i) => !normalised.Contains(i)).ToArray(), [Int("keepdims", 0)]);
    }

    /// <summary>
    /// y = x·Wᵀ + b over the last axis of <paramref name="x"/> ([batch, …, in]) with <paramref name="weight"/> stored
    /// [out, in] as in the reference <c>state_dict</c>. Emitted as one 2-D <c>Gemm</c> (transB = 1) on the rows
    /// [batch·…, in], reshaped around it for higher ranks: ORT runs Gemm with the bias inside the kernel and its weight
    /// pre-packed, where MatMul + Add would need a Transpose of the weight and a separate pass for the bias.
    /// </summary>
    public TensorValue Linear(TensorValue x, TensorValue weight, TensorValue? bias)
    {
        if (weight.Rank != 2 || x.Dim(-1) != weight.Dim(1)) throw Mismatch("Linear", x, weight);
        if (bias is not null && (bias.Rank != 1 || bias.Dim(0) != weight.Dim(0))) throw Mismatch("Linear", weight, bias);
        var (inFeatures, outFeatures) = (weight.Dim(1), weight.Dim(0));
        TensorValue[] operands(TensorValue rows) => bias is null ? [rows, weight] : [rows, weight, bias];
        // Counted from x: once reshaped to rows [batch·…, in], the shape no longer says how many rows a sample has.
        var outputs = checked(x.ElementsPerSample / inFeatures * outFeatures);
        var count = new GraphCount(checked(outputs * inFeatures), 0, bias is null ? 0 : outputs);
        if (x.Rank == 2) return Op("Gemm", operands(x), [x.DimensionAt(0), outFeatures], [Int("transB", 1)], count: count);

        // Rows of any rank: batch × the other leading sizes, which -1 infers, so the batch (and any symbolic size) stays
        // symbolic.
        var rowCount = x.Dimensions.Take(x.Rank - 1).Aggregate((a, b) => a * b);
        var rows = ReshapeNode(x, [rowCount, inFeatures]);
        var product = Op("Gemm", operands(rows), [rowCount, outFeatures], [Int("transB", 1)], count: count);
        return ReshapeNode(product, [.. x.Dimensions.Take(x.Rank - 1), outFeatures]);
    }

    /// <summary>A named float constant (not a parameter): masks and other tables the block builders compute.</summary>
    public TensorValue FloatTensorConstant(string name, int[] shape, float[] values)
    {
        if (_constants.TryGetValue(name, out var existing))
        {
            if (!existing.Shape.AsSpan().SequenceEqual(shape))
                throw new InvalidOperationException($"Constant '{name}' exists with shape {existing.ShapeText}.");
            return existing;
        }
        if (values.LongLength != shape.Aggregate(1L, (a, d) => a * d))
            throw new InvalidOperationException($"Constant '{name}' has {values.LongLength} values for shape {Text(shape)}.");
        var tensor = new TensorValue(Claim(name), shape);
        _initializers.Add(new Initializer(name, shape, values, null, false));
        _constants[name] = tensor;
        return tensor;
    }

    public TensorValue Concat(int axis, params TensorValue[] values)
    {
        var a = axis < 0 ? axis + values[0].Rank : axis;
        var shape = values[0].Dimensions.ToArray();
        shape[a] = values.Skip(1).Aggregate(values[0].DimensionAt(a), (sum, v) => sum + v.DimensionAt(a));
        return Op("Concat", values, shape, [Int("axis", a)]);
    }

    /// <summary>Takes index <paramref name="index"/> of <paramref name="axis"/>, dropping the axis.</summary>
    public TensorValue Select(TensorValue x, int axis, int index)
    {
        var a = axis < 0 ? axis + x.Rank : axis;
        var scalar = ScalarInt64(index);
        return Op("Gather", [x, scalar], x.Dimensions.Where((_, i) => i != a).ToArray(), [Int("axis", a)]);
    }

    /// <summary>Splits <paramref name="x"/> into <paramref name="parts"/> equal pieces along <paramref name="axis"/>.</summary>
    public TensorValue[] Split(TensorValue x, int axis, int parts)
    {
        var a = axis < 0 ? axis + x.Rank : axis;
        if (!x.DimensionAt(a).IsFixed || x.Shape[a] < 1 || x.Shape[a] % parts != 0)
            throw new InvalidOperationException($"Split of {x.ShapeText} into {parts} along axis {a}.");
        return SplitSizes(x, a, Enumerable.Repeat(x.Shape[a] / parts, parts).ToArray());
    }

    /// <summary>Splits <paramref name="x"/> along <paramref name="axis"/> into consecutive pieces of <paramref name="sizes"/>.</summary>
    public TensorValue[] SplitSizes(TensorValue x, int axis, params int[] sizes)
    {
        var a = axis < 0 ? axis + x.Rank : axis;
        if (!x.DimensionAt(a).IsFixed || x.Shape[a] < 1 || sizes.Length < 1 || sizes.Any(s => s < 1) || sizes.Sum() != x.Shape[a])
            throw new InvalidOperationException($"Split of {x.ShapeText} into [{string.Join(", ", sizes)}] along axis {a}.");
        var name = NextNodeName("Split");
        var outputs = Enumerable.Range(0, sizes.Length).Select(p => Claim($"{name}:{p}")).ToArray();
        var sizeConstant = Int64Constant(sizes.Select(s => (long)s).ToArray());
        _nodes.Add(new Node("Split", name, [x.Name, sizeConstant.Name], outputs, [Int("axis", a)]) { Layer = _openLayer?.Name });
        return [.. outputs.Select((o, p) => new TensorValue(o, x.Dimensions.Select((d, i) => i == a ? (Dimension)sizes[p] : d).ToArray()))];
    }

    /// <summary>Zero-pads the end of each axis by <paramref name="padAtEnd"/>[axis].</summary>
    public TensorValue PadEnd(TensorValue x, params int[] padAtEnd) => PadEnd(x, padAtEnd.Select(p => (Dimension)p).ToArray());

    /// <summary>
    /// Zero-pads the end of each axis by <paramref name="padAtEnd"/>[axis], which may be symbolic: a pad to a multiple
    /// of a window, computed from the map's size when the graph runs (so 0 where the map is already a multiple).
    /// </summary>
    public TensorValue PadEnd(TensorValue x, params Dimension[] padAtEnd)
    {
        if (padAtEnd.Length != x.Rank || padAtEnd.Any(p => p.DependsOnBatch || (p.IsFixed && p.Value < 0)))
            throw new InvalidOperationException($"Pad of {x.ShapeText} by [{string.Join(", ", padAtEnd.Select(p => p.ToString()))}].");
        var pads = ShapeTensor([.. Enumerable.Repeat(ShapeEntry.Of(0), x.Rank), .. padAtEnd.Select(ShapeEntry.For)]);
        return Op("Pad", [x, pads], x.Dimensions.Select((d, i) => d.DependsOnBatch ? d : d + padAtEnd[i]).ToArray());
    }

    /// <summary>Keeps the first <paramref name="lengths"/>[i] entries of each listed axis.</summary>
    public TensorValue SliceStart(TensorValue x, int[] axes, int[] lengths) =>
        SliceStart(x, axes, lengths.Select(l => (Dimension)l).ToArray());

    /// <summary>
    /// Keeps the first <paramref name="lengths"/>[i] entries of each listed axis; the lengths may be symbolic (a crop
    /// back to the map's size, computed when the graph runs; cropping nothing is the identity).
    /// </summary>
    public TensorValue SliceStart(TensorValue x, int[] axes, Dimension[] lengths)
    {
        var shape = x.Dimensions.ToArray();
        for (var i = 0; i < axes.Length; i++) shape[axes[i]] = lengths[i];
        return Op("Slice", [x, Int64Constant(new long[axes.Length]), ShapeTensor([.. lengths.Select(ShapeEntry.For)]),
            Int64Constant(axes.Select(a => (long)a).ToArray())], shape);
    }

    private TensorValue ScalarInt64(long value)
    {
        var key = "const_i64_scalar_" + value.ToString(CultureInfo.InvariantCulture);
        if (_constants.TryGetValue(key, out var existing)) return existing;
        var tensor = new TensorValue(Claim(key), Array.Empty<int>());
        _initializers.Add(new Initializer(tensor.Name, [], null, [value], false));
        _constants[key] = tensor;
        return tensor;
    }

    // ---- finishing ---------------------------------------------------------------------------------------------

    /// <summary>Returns the finished graph. The builder must not be used afterwards.</summary>
    public ModelGraph Finish()
    {
        if (_openLayer is not null) throw new InvalidOperationException($"Layer '{_openLayer.Name}' was not closed.");
        if (_unfinishedLayer is not null) throw new InvalidOperationException($"Layer '{_unfinishedLayer}' ended without an output.");
        if (_outputs.Count == 0) throw new InvalidOperationException("The graph has no output.");
        var nodes = LiveNodes();
        var read = new HashSet<string>(nodes.SelectMany(n => n.Inputs), StringComparer.Ordinal);
        // Parameters and buffers stay (weights bind and count by name); shape constants only the live nodes read go.
        var initializers = _initializers.Where(i => i.IsParameter || read.Contains(i.Name) || !_constants.ContainsKey(i.Name));
        var layers = _layers.Select(layer => layer with
        {
            Count = nodes.Where(n => n.Layer == layer.Name).Aggregate(new GraphCount(), (total, n) => total + n.Count),
        });
        return new ModelGraph(ModelName, _inputs.ToArray(), _outputs.ToArray(), nodes, initializers.ToArray(),
            layers.ToArray());
    }

    /// <summary>The nodes an output depends on, in order: reshapes that a collapsed chain skipped fall away.</summary>
    private Node[] LiveNodes()
    {
        var needed = new HashSet<string>(_outputs.Select(o => o.Name), StringComparer.Ordinal);
        var live = new List<Node>();
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            var node = _nodes[i];
            if (!node.Outputs.Any(needed.Contains)) continue;
            live.Add(node);
            needed.UnionWith(node.Inputs);
        }
        live.Reverse();
        return [.. live];
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private TensorValue Op(string opType, TensorValue[] inputs, IReadOnlyList<Dimension> shape, NodeAttribute[]? attributes = null,
        string? outputName = null, GraphCount count = default)
    {
        var name = NextNodeName(opType);
        var output = Claim(outputName ?? name);
        _nodes.Add(new Node(opType, name, inputs.Select(i => i.Name).ToArray(), [output], attributes ?? [])
        {
            Layer = _openLayer?.Name,
            Count = count,
        });
        return new TensorValue(output, shape);
    }

    /// <summary>One entry of an int64 shape or pads tensor: a number known now, or a size computed when the graph runs.</summary>
    private readonly record struct ShapeEntry(bool IsSet, long Number, Dimension? Size)
    {
        public static ShapeEntry Of(long number) => new(true, number, null);

        public static ShapeEntry Computed(Dimension size) => new(true, 0, size);

        public static ShapeEntry For(Dimension size) => size.IsFixed ? Of(size.Value) : Computed(size);
    }

    /// <summary>
    /// An int64 1-D tensor of <paramref name="entries"/>: a shared constant when every entry is known now, else the
    /// concatenation of constant runs and computed sizes (one node per distinct tensor).
    /// </summary>
    private TensorValue ShapeTensor(ShapeEntry[] entries)
    {
        if (entries.All(e => e.Size is null)) return Int64Constant(entries.Select(e => e.Number).ToArray());
        var pieces = new List<TensorValue>();
        var run = new List<long>();
        foreach (var entry in entries)
        {
            if (entry.Size is null)
            {
                run.Add(entry.Number);
                continue;
            }
            if (run.Count > 0) pieces.Add(Int64Constant([.. run]));
            run.Clear();
            pieces.Add(DimensionValue(entry.Size));
        }
        if (run.Count > 0) pieces.Add(Int64Constant([.. run]));
        var key = string.Join("|", pieces.Select(p => p.Name));
        if (_shapeTensors.TryGetValue(key, out var existing)) return existing;
        var tensor = Op("Concat", [.. pieces], [entries.Length], [Int("axis", 0)]);
        _shapeTensors[key] = tensor;
        return tensor;
    }

    /// <summary>
    /// A symbolic size as an int64 [1] tensor, computed in the graph: a symbol is a <c>Shape</c> of the input that
    /// declared it (start/end attributes, opset 15), an expression the ONNX integer arithmetic on its operands
    /// (<c>Div</c> of non-negative sizes is the floor division). Each size is computed once.
    /// </summary>
    private TensorValue DimensionValue(Dimension size)
    {
        if (_dimensionValues.TryGetValue(size, out var existing)) return existing;
        TensorValue value;
        if (size.IsFixed)
        {
            value = Int64Constant(size.ConstantValue);
        }
        else if (size.SymbolName is { } symbol)
        {
            if (!_symbols.TryGetValue(symbol, out var source))
                throw new InvalidOperationException($"The symbolic size '{symbol}' is no input's: declare the input with it first.");
            value = Op("Shape", [source.Input], [1], [Int("start", source.Axis), Int("end", source.Axis + 1)]);
        }
        else
        {
            var left = DimensionValue(size.Left!);
            var right = size.Right is null ? Int64Constant(size.Divisor) : DimensionValue(size.Right);
            value = Op(size.OnnxOperator!, [left, right], [1]);
        }
        _dimensionValues[size] = value;
        return value;
    }

    /// <summary>Elements per sample of a shape at the traced size (the batch dimension left out).</summary>
    private static long Elements(IReadOnlyList<Dimension> shape) => new TensorValue("", shape).ElementsPerSample;

    /// <summary>The output side of a convolution along <paramref name="axis"/> of <paramref name="x"/>.</summary>
    private static Dimension ConvOutput(TensorValue x, int axis, int kernel, int stride, int padding) =>
        x.DimensionAt(axis).ConvolutionOutput(kernel, stride, padding);

    /// <summary>Whether two dimensions are the same size: equal at the traced size, and the same formula if symbolic.</summary>
    private static bool Same(Dimension a, Dimension b) =>
        a.Value == b.Value && (a.IsFixed && b.IsFixed || a.DependsOnBatch || a.Equals(b));

    /// <summary>"{layer}/{op}_{index}": the open layer (or "graph") and the node's position, unique in the graph.</summary>
    private string NextNodeName(string opType) =>
        $"{_openLayer?.Name ?? "graph"}/{opType}_{_nodes.Count.ToString(CultureInfo.InvariantCulture)}";

    private string Claim(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"The graph already has a value named '{name}'.");
        return name;
    }

    private static Dimension[] Broadcast(IReadOnlyList<Dimension> a, IReadOnlyList<Dimension> b, string op)
    {
        var rank = Math.Max(a.Count, b.Count);
        var shape = new Dimension[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Count ? 1 : a[i - (rank - a.Count)];
            var db = i < rank - b.Count ? 1 : b[i - (rank - b.Count)];
            shape[i] = Same(da, db) ? da : da.IsFixed && da.Value == 1 ? db : db.IsFixed && db.Value == 1 ? da
                : throw new InvalidOperationException($"{op}: shapes {Text(a)} and {Text(b)} do not broadcast.");
        }
        return shape;
    }

    private static string Text(IReadOnlyList<Dimension> shape) => new TensorValue("", shape).ShapeText;

    private static string Text(int[] shape) => new TensorValue("", shape).ShapeText;

    private static InvalidOperationException Mismatch(string op, TensorValue a, TensorValue b) =>
        new($"{op}: '{a.Name}' {a.ShapeText} and '{b.Name}' {b.ShapeText} do not fit.");

    private static NodeAttribute Int(string name, long value) => new(name, NodeAttributeKind.Int, Int: value);
    private static NodeAttribute Float(string name, float value) => new(name, NodeAttributeKind.Float, Float: value);
    private static NodeAttribute Ints(string name, params int[] values) =>
        new(name, NodeAttributeKind.Ints, Ints: values.Select(v => (long)v).ToArray());
}
