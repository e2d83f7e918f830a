using System;
using System.Globalization;

namespace LitDsl.Graph;

/// <summary>
/// One dimension of a value in a graph under construction: a size fixed when the graph is built, or a symbolic one
/// that the graph computes when it runs from its input's batch, height or width (a <c>Shape</c> of the input and
/// integer arithmetic on it), so that one ONNX file runs at any input size. Every dimension also carries
/// <see cref="Value"/>, its size at the size the graph is traced at (a backbone's reference resolution): the builder's
/// shape checks and its per-layer counts use it. Expressions compare by structure, with constants folded and the
/// operands of + and × in a canonical order, so the same size computed the same way is the same dimension.
/// </summary>
public sealed class Dimension : IEquatable<Dimension>
{
    private enum Operation { Constant, Symbol, Add, Multiply, FloorDivide }

    /// <summary>The name of the batch symbol, in the ONNX file's input and outputs.</summary>
    public const string BatchName = "batch";

    private readonly Operation _operation;
    private readonly int _value;
    private readonly Dimension? _left;
    private readonly Dimension? _right;
    private readonly int _divisor;
    private readonly bool _dependsOnBatch;
    private readonly int _hash;
    private readonly string _text;

    private Dimension(Operation operation, int value, string? symbol, Dimension? left, Dimension? right, int divisor)
    {
        _operation = operation;
        _value = value;
        SymbolName = symbol;
        _left = left;
        _right = right;
        _divisor = divisor;
        _dependsOnBatch = symbol == BatchName || (left?._dependsOnBatch ?? false) || (right?._dependsOnBatch ?? false);
        _text = Format();
        _hash = StringComparer.Ordinal.GetHashCode(_text);
    }

    /// <summary>The symbolic batch dimension, named <c>batch</c>; its <see cref="Value"/> is <see cref="GraphBuilder.Batch"/>.</summary>
    public static Dimension Batch { get; } = new(Operation.Symbol, 0, BatchName, null, null, 0);

    /// <summary>
    /// The size at the traced size; <see cref="GraphBuilder.Batch"/> for the batch and any size computed from it (the
    /// rows of a flattened batch), which shapes mark that way.
    /// </summary>
    public int Value => _dependsOnBatch ? GraphBuilder.Batch : _value;

    /// <summary>The name of a symbol (<c>batch</c>, <c>height</c>, <c>width</c>), or null for a fixed size or an expression.</summary>
    public string? SymbolName { get; }

    /// <summary>True when the size is known when the graph is built.</summary>
    public bool IsFixed => _operation == Operation.Constant;

    /// <summary>True for the batch and for any size computed from it.</summary>
    public bool DependsOnBatch => _dependsOnBatch;

    /// <summary>A size known when the graph is built.</summary>
    public static Dimension Fixed(int size)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, "A fixed dimension is at least 0.");
        return Constant(size);
    }

    /// <summary>
    /// A symbolic size of the graph's input, such as <c>height</c>: the input declared with it gives it its value when
    /// the graph runs. <paramref name="traceValue"/> is the size the graph is traced at.
    /// </summary>
    public static Dimension Symbol(string name, int traceValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == BatchName) return Batch;
        if (traceValue < 1) throw new ArgumentOutOfRangeException(nameof(traceValue), traceValue, "A traced size is at least 1.");
        return new Dimension(Operation.Symbol, traceValue, name, null, null, 0);
    }

    /// <summary>An entry of a static shape: <see cref="GraphBuilder.Batch"/> is the batch, anything else a fixed size.</summary>
    public static implicit operator Dimension(int size) => size == GraphBuilder.Batch ? Batch : Fixed(size);

    // A constant operand may be negative inside an expression (a − 3, −1 · pad); only whole dimensions are sizes.
    private static Dimension Constant(int value) => new(Operation.Constant, value, null, null, null, 0);

    public static Dimension operator +(Dimension a, Dimension b)
    {
        if (a.IsFixed && b.IsFixed) return Constant(checked(a._value + b._value));
        // a + (c − a) = c: a map padded by its padded size less its size is its padded size.
        if ((Cancel(a, b) ?? Cancel(b, a)) is { } remaining) return remaining;
        if (a.IsFixed) (a, b) = (b, a);
        if (b.IsFixed)
        {
            if (b._value == 0) return a;
            // (x + c1) + c2 = x + (c1 + c2): one constant per sum.
            if (a._operation == Operation.Add && a._right!.IsFixed) return a._left! + Constant(checked(a._right._value + b._value));
        }
        else if (string.CompareOrdinal(a._text, b._text) > 0)
        {
            (a, b) = (b, a);
        }
        return new Dimension(Operation.Add, checked(a._value + b._value), null, a, b, 0);
    }

    /// <summary>The term left of <paramref name="sum"/> once <paramref name="term"/> cancels its negation there, or null.</summary>
    private static Dimension? Cancel(Dimension term, Dimension sum)
    {
        if (sum._operation != Operation.Add) return null;
        if (IsNegation(sum._left!, term)) return sum._right;
        if (IsNegation(sum._right!, term)) return sum._left;
        return null;
    }

    private static bool IsNegation(Dimension candidate, Dimension of) =>
        candidate._operation == Operation.Multiply && candidate._right!.IsFixed && candidate._right._value == -1 && candidate._left!.Equals(of);

    public static Dimension operator -(Dimension a, Dimension b) =>
        a.Equals(b) ? Constant(0) : a + (b.IsFixed ? Constant(checked(-b._value)) : b * Constant(-1));

    public static Dimension operator *(Dimension a, Dimension b)
    {
        if (a.IsFixed && b.IsFixed) return Constant(checked(a._value * b._value));
        if (a.IsFixed) (a, b) = (b, a);
        if (b.IsFixed)
        {
            if (b._value == 1) return a;
            if (b._value == 0) return Constant(0);
        }
        else if (string.CompareOrdinal(a._text, b._text) > 0)
        {
            (a, b) = (b, a);
        }
        return new Dimension(Operation.Multiply, checked(a._value * b._value), null, a, b, 0);
    }

    /// <summary>⌊a / d⌋ for a positive divisor d (ONNX integer division of non-negative sizes).</summary>
    public Dimension FloorDivide(int divisor)
    {
        if (divisor < 1) throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "A divisor is at least 1.");
        if (divisor == 1) return this;
        if (IsFixed) return Constant(FloorOf(_value, divisor));
        // ⌊a·c / d⌋ = a·(c / d) when d divides c: a map padded to whole windows, divided into its windows.
        if (_operation == Operation.Multiply && _right!.IsFixed && _right._value % divisor == 0)
            return _left! * Constant(_right._value / divisor);
        // ⌊⌊a / m⌋ / d⌋ = ⌊a / (m·d)⌋ for a ≥ 0: the maps of a pyramid, each half the one before.
        if (_operation == Operation.FloorDivide) return _left!.FloorDivide(checked(_divisor * divisor));
        return new Dimension(Operation.FloorDivide, FloorOf(_value, divisor), null, this, null, divisor);
    }

    /// <summary>⌈a / d⌉ = ⌊(a + d − 1) / d⌋ for a positive divisor d: the number of d-sized pieces that cover a.</summary>
    public Dimension CeilDivide(int divisor) => (this + (divisor - 1)).FloorDivide(divisor);

    /// <summary>The smallest multiple of <paramref name="multiple"/> at least this size: a map padded to whole windows.</summary>
    public Dimension RoundUp(int multiple) => CeilDivide(multiple) * multiple;

    /// <summary>The output side of a convolution, ⌊(a + 2·padding − kernel) / stride⌋ + 1, as PyTorch and ONNX compute it.</summary>
    public Dimension ConvolutionOutput(int kernel, int stride, int padding) =>
        kernel == stride && padding == 0
            ? FloorDivide(stride)    // ⌊(a − k) / k⌋ + 1 = ⌊a / k⌋: a patch or merging convolution
            : (this + Constant(checked(2 * padding - kernel))).FloorDivide(stride) + 1;

    private static int FloorOf(int value, int divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    /// <summary>
    /// How the graph builder emits the size as ONNX integer arithmetic on [1] tensors: a constant (possibly negative,
    /// inside an expression: <see cref="ConstantValue"/>), a symbol read from the input, or <see cref="OnnxOperator"/>
    /// (<c>Add</c>, <c>Mul</c>, or <c>Div</c> by <see cref="Divisor"/>) on <see cref="Left"/> and <see cref="Right"/>.
    /// </summary>
    internal string? OnnxOperator => _operation switch
    {
        Operation.Add => "Add",
        Operation.Multiply => "Mul",
        Operation.FloorDivide => "Div",
        _ => null,
    };

    internal int ConstantValue => _value;

    internal Dimension? Left => _left;

    internal Dimension? Right => _right;

    internal int Divisor => _divisor;

    public bool Equals(Dimension? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _value == other._value && _text == other._text));

    public override bool Equals(object? obj) => obj is Dimension other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>The size as a formula: <c>96</c>, <c>height</c>, <c>floor((height+3)/4)</c>.</summary>
    public override string ToString() => _text;

    private string Format() => _operation switch
    {
        Operation.Constant => _value.ToString(CultureInfo.InvariantCulture),
        Operation.Symbol => SymbolName!,
        Operation.Add when _right!.IsFixed && _right._value < 0 =>
            $"({_left}-{(-(long)_right._value).ToString(CultureInfo.InvariantCulture)})",
        Operation.Add => $"({_left}+{_right})",
        Operation.Multiply when _right!.IsFixed && _right._value == -1 => $"-{_left}",
        Operation.Multiply => $"{_left}*{_right}",
        _ => $"floor({_left}/{_divisor.ToString(CultureInfo.InvariantCulture)})",
    };
}
