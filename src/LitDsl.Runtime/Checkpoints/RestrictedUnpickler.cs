using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// Reads Python's pickle format as <c>torch.save</c> writes it (protocols 2 to 5) into plain .NET values, without
/// running anything. The known globals (<see cref="PickleGlobal.IsKnown"/>: OrderedDict, torch's tensor and parameter
/// rebuild functions, its storage classes, sets, latin-1 bytes) are interpreted here; every other global becomes an
/// inert <see cref="PickledObject"/> that records what REDUCE, NEWOBJ, BUILD, SETITEMS and APPENDS did with it. No
/// global is ever looked up, imported, instantiated or called. The machine is iterative (no recursion), every length
/// is checked against the bytes that remain, and it stops at <see cref="PickleLimits"/>: time and memory are linear in
/// the pickle's size and bounded whatever it holds.
/// </summary>
/// <remarks>
/// Values: <c>None</c> → null, bool, int → <see cref="long"/> (or <see cref="BigInteger"/> past 64 bits), float →
/// <see cref="double"/>, str → <see cref="string"/>, bytes → byte[], list → <see cref="List{T}"/> of object?, tuple →
/// object?[], dict and OrderedDict → <see cref="PickleDictionary"/> of object to object? (keys: str,
/// int, float or bool), tensors and Parameters → <see cref="CheckpointTensor"/>, anything else →
/// <see cref="PickledObject"/>.
/// </remarks>
internal sealed class RestrictedUnpickler
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _data;
    private readonly string _fileName;
    private readonly string _streamName;
    private readonly Func<object?[], string, TensorStorage> _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;
    private int _opcodeStart;
    private int _values;

    /// <param name="data">The pickle bytes.</param>
    /// <param name="fileName">The checkpoint file, for errors.</param>
    /// <param name="streamName">The pickle's name inside the file (data.pkl), for errors.</param>
    /// <param name="persistentLoad">Resolves a persistent id (a tuple) to its storage; the string says where.</param>
    internal RestrictedUnpickler(byte[] data, string fileName, string streamName, Func<object?[], string, TensorStorage> persistentLoad)
    {
        _data = data;
        _fileName = fileName;
        _streamName = streamName;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Runs the pickle to its STOP and returns the object it built, checked against <see cref="PickleLimits"/>.</summary>
    internal object? Load()
    {
        if (_data.Length > PickleLimits.MaxPickleBytes)
        {
            throw new LitDslFormatException(_fileName,
                $"{_streamName} is a pickle of {_data.Length} bytes; LitDsl reads pickles of at most {PickleLimits.MaxPickleBytes} bytes (PickleLimits.MaxPickleBytes)");
        }
        object? root = Run();
        _opcodeStart = _position - 1;
        if (PickleShape.Check(root) is { } problem)
        {
            throw Error(problem);
        }
        return root;
    }

    private object? Run()
    {
        while (true)
        {
            _opcodeStart = _position;
            byte opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    byte protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Error($"pickle protocol {protocol} is not supported (2 to 5 are)");
                    }
                    break;
                case 0x95: // FRAME: a length prefix for buffering; the data is already in memory.
                    ReadBytes(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0)
                    {
                        throw Error($"STOP with {_stack.Count} values on the stack (expected 1)");
                    }
                    return _stack[0];

                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'K': Push((long)ReadByte()); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case 0x8a: Push(ReadLong(ReadByte())); break; // LONG1
                case 0x8b: Push(ReadLong(ReadLength(4))); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case 0x8c: Push(ReadString(ReadByte())); break; // SHORT_BINUNICODE
                case (byte)'X': Push(ReadString(ReadLength(4))); break; // BINUNICODE
                case 0x8d: Push(ReadString(ReadLength(8))); break; // BINUNICODE8
                case (byte)'C': Push(ReadBytes(ReadByte()).ToArray()); break; // SHORT_BINBYTES
                case (byte)'B': Push(ReadBytes(ReadLength(4)).ToArray()); break; // BINBYTES
                case 0x8e: Push(ReadBytes(ReadLength(8)).ToArray()); break; // BINBYTES8

                case (byte)'(': Count(); _marks.Add(_stack.Count); break; // MARK
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP

                case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case 0x85: Push(PopMany(1)); break; // TUPLE1
                case 0x86: Push(PopMany(2)); break; // TUPLE2
                case 0x87: Push(PopMany(3)); break; // TUPLE3
                case (byte)'t': Push(PopMark()); break; // TUPLE
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)'l': Push(new List<object?>(PopMark())); break; // LIST
                case (byte)'a': Append(Pop()); break; // APPEND
                case (byte)'e': // APPENDS
                    foreach (object? item in PopMark())
                    {
                        Append(item);
                    }
                    break;
                case (byte)'}': Push(NewDict()); break; // EMPTY_DICT
                case (byte)'d': // DICT
                    var dict = NewDict();
                    SetItems(dict, PopMark());
                    Push(dict);
                    break;
                case (byte)'s': // SETITEM
                    object? value = Pop();
                    object? key = Pop();
                    SetItems(PeekDict(), [key, value]);
                    break;
                case (byte)'u': // SETITEMS
                    object?[] pairs = PopMark();
                    SetItems(PeekDict(), pairs);
                    break;

                case (byte)'q': Memoize(ReadByte()); break; // BINPUT
                case (byte)'r': Memoize(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))); break; // LONG_BINPUT
                case 0x94: Memoize(_memo.Count); break; // MEMOIZE
                case (byte)'h': Push(Recall(ReadByte())); break; // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // LONG_BINGET

                case (byte)'c': Push(Reference(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: // STACK_GLOBAL
                    object? name = Pop();
                    object? module = Pop();
                    if (module is not string moduleName || name is not string globalName)
                    {
                        throw Error("STACK_GLOBAL needs two strings");
                    }
                    Push(Reference(moduleName, globalName));
                    break;
                case (byte)'R': // REDUCE
                    object? arguments = Pop();
                    Push(Reduce(Pop(), arguments));
                    break;
                case (byte)'b': // BUILD
                    Build(Pop(), Peek());
                    break;
                case 0x81: // NEWOBJ: cls.__new__(cls, *args)
                    object? newArguments = Pop();
                    Push(Instantiate(Pop(), newArguments, null));
                    break;
                case 0x92: // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
                    object? keywords = Pop();
                    object? positional = Pop();
                    Push(Instantiate(Pop(), positional, keywords is PickleDictionary kwargs ? kwargs
                        : throw Error($"NEWOBJ_EX keyword arguments are a {TypeName(keywords)}, not a dict")));
                    break;
                case (byte)'o': // OBJ: MARK cls args… OBJ
                    object?[] classAndArguments = PopMark();
                    if (classAndArguments.Length == 0)
                    {
                        throw Error("OBJ without a class");
                    }
                    Push(Instantiate(classAndArguments[0], classAndArguments[1..], null));
                    break;
                case (byte)'i': // INST module\nname\n: MARK args… INST
                    object? instanceClass = Reference(ReadLine(), ReadLine());
                    Push(Instantiate(instanceClass, PopMark(), null));
                    break;
                case 0x8f: Push(NewSet(PickleGlobal.Set)); break; // EMPTY_SET
                case 0x90: // ADDITEMS
                    object?[] elements = PopMark();
                    var set = PeekSet();
                    foreach (object? element in elements)
                    {
                        set.AddItem(element);
                    }
                    break;
                case 0x91: // FROZENSET
                    var frozen = NewSet(PickleGlobal.FrozenSet);
                    foreach (object? element in PopMark())
                    {
                        frozen.AddItem(element);
                    }
                    Push(frozen);
                    break;
                case (byte)'Q': // BINPERSID
                    if (Pop() is not object?[] persistentId)
                    {
                        throw Error("a persistent id is not a tuple");
                    }
                    Push(_persistentLoad(persistentId, Where()));
                    break;

                case 0x82 or 0x83 or 0x84:
                    throw Error("the pickle uses the copyreg extension registry (EXT1/2/4), which LitDsl does not resolve");
                default:
                    throw Error($"unsupported pickle opcode 0x{opcode:x2} ('{(opcode is >= 0x20 and < 0x7f ? (char)opcode : '?')}')");
            }
        }
    }

    /// <summary>A global named by GLOBAL, STACK_GLOBAL or INST: recorded by name, never looked up.</summary>
    private PickledObject Reference(string module, string name) =>
        new(PickleGlobal.Named(module, name), PickledObjectKind.Reference, []);

    private object? Reduce(object? callable, object? argumentsValue)
    {
        if (callable is not PickledObject { Kind: PickledObjectKind.Reference, Global: var global })
        {
            throw Error($"REDUCE calls a {TypeName(callable)}, not a global");
        }
        if (argumentsValue is not object?[] arguments)
        {
            throw Error($"REDUCE of '{global.FullName}' has arguments that are not a tuple");
        }
        if (!global.IsKnown)
        {
            return new PickledObject(global, PickledObjectKind.Call, arguments);
        }
        if (global == PickleGlobal.OrderedDict)
        {
            var dict = NewDict();
            if (arguments.Length == 1 && arguments[0] is List<object?> items)
            {
                // OrderedDict([(key, value), ...]): the list-of-pairs form older protocols use.
                foreach (object? item in items)
                {
                    if (item is not object?[] { Length: 2 } pair)
                    {
                        throw Error("OrderedDict items are not (key, value) pairs");
                    }
                    SetItems(dict, pair);
                }
            }
            else if (arguments.Length != 0)
            {
                throw Error($"OrderedDict is called with {arguments.Length} arguments");
            }
            return dict;
        }
        if (global == PickleGlobal.RebuildTensorV2)
        {
            // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            if (arguments.Length is < 6 or > 7 || arguments[0] is not TensorStorage storage || arguments[1] is not long offset
                || arguments[2] is not object?[] size || arguments[3] is not object?[] stride)
            {
                throw Error("_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, requires_grad, hooks)");
            }
            return CheckpointTensor.Create(storage, offset, Integers(size, "size"), Integers(stride, "stride"), _fileName, Where());
        }
        if (global == PickleGlobal.RebuildParameter || global == PickleGlobal.RebuildParameterWithState)
        {
            // (data, requires_grad, backward_hooks[, state]): a Parameter is its data for inference.
            if (arguments.Length is < 3 or > 4 || arguments[0] is not CheckpointTensor tensor)
            {
                throw Error($"{global.Name} arguments are not (tensor, requires_grad, hooks)");
            }
            return tensor;
        }
        if (global == PickleGlobal.Set || global == PickleGlobal.FrozenSet)
        {
            // set([elements]) / frozenset([elements]): protocol 2's form of EMPTY_SET + ADDITEMS.
            var set = NewSet(global);
            if (arguments.Length == 1 && arguments[0] is List<object?> elements)
            {
                foreach (object? element in elements)
                {
                    set.AddItem(element);
                }
            }
            else if (arguments.Length != 0)
            {
                throw Error($"{global.Name} is called with {TypeName(arguments.Length == 1 ? arguments[0] : arguments)}, not a list");
            }
            return set;
        }
        if (global == PickleGlobal.CodecsEncode)
        {
            // _codecs.encode(text, 'latin1'): how protocol 2 writes a bytes object; the text holds one char per byte.
            if (arguments is [string text, "latin1" or "latin-1"] && text.All(c => c <= '\u00ff'))
            {
                return Encoding.Latin1.GetBytes(text);
            }
            return new PickledObject(global, PickledObjectKind.Call, arguments);
        }
        throw Error($"'{global.FullName}' is only valid inside a storage's persistent id, not as a call");
    }

    private PickledObject Instantiate(object? type, object? argumentsValue, PickleDictionary? keywords)
    {
        if (type is not PickledObject { Kind: PickledObjectKind.Reference, Global: var global })
        {
            throw Error($"an instance is made of a {TypeName(type)}, not of a class");
        }
        if (argumentsValue is not object?[] arguments)
        {
            throw Error($"the instance of '{global.FullName}' has arguments that are not a tuple");
        }
        if (global.IsKnown)
        {
            // No known global is a class whose instances a pickle makes this way (torch.save never does).
            throw Error($"'{global.FullName}' is instantiated; LitDsl reads it only as torch.save writes it");
        }
        return new PickledObject(global, PickledObjectKind.Instance, arguments, keywords);
    }

    private static PickledObject NewSet(PickleGlobal kind) => new(kind, PickledObjectKind.Instance, []);

    private void Build(object? state, object? target)
    {
        switch (target)
        {
            // state_dict() OrderedDicts carry a `_metadata` attribute (module versions): irrelevant to the values.
            case PickleDictionary when state is PickleDictionary:
                return;
            case PickledObject { Kind: not PickledObjectKind.Reference, HasState: false } record:
                record.SetState(state);
                return;
            case PickledObject { Kind: not PickledObjectKind.Reference } record:
                throw Error($"BUILD sets the state of '{record.ClassName}' a second time");
            default:
                throw Error($"BUILD sets the state of a {TypeName(target)} (only a dict's attributes or a recorded object's state are accepted)");
        }
    }

    private long[] Integers(object?[] items, string what)
    {
        var values = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            values[i] = items[i] is long value ? value : throw Error($"a tensor {what} entry is not an integer");
        }
        return values;
    }

    private static PickleDictionary NewDict() => new();

    private void SetItems(PickleDictionary dict, object?[] pairs)
    {
        if (pairs.Length % 2 != 0)
        {
            throw Error("a dict is given an odd number of keys and values");
        }
        for (int i = 0; i < pairs.Length; i += 2)
        {
            // Only hashable scalars: structural hashing of tuples could recurse forever on a self-referencing pickle.
            object key = pairs[i] switch
            {
                string or long or bool or double => pairs[i]!,
                _ => throw Error($"a dict key of type {TypeName(pairs[i])} is not supported (str, int, float or bool are)"),
            };
            dict.Set(key, pairs[i + 1]);
        }
    }

    private void Append(object? item)
    {
        switch (Peek())
        {
            case List<object?> list:
                list.Add(item);
                break;
            case PickledObject { Kind: not PickledObjectKind.Reference } record:
                // A list subclass: list.extend / append, recorded.
                record.AddItem(item);
                break;
            default:
                throw Error($"APPEND to a {TypeName(Peek())}, not a list");
        }
    }

    private PickleDictionary PeekDict() => Peek() switch
    {
        PickleDictionary dict => dict,
        // A dict subclass (yacs's CfgNode): obj[key] = value, recorded.
        PickledObject { Kind: not PickledObjectKind.Reference } record => record.MutableEntries(),
        var other => throw Error($"SETITEM on a {TypeName(other)}, not a dict"),
    };

    private PickledObject PeekSet() => Peek() switch
    {
        PickledObject { Kind: not PickledObjectKind.Reference } record => record,
        var other => throw Error($"ADDITEMS on a {TypeName(other)}, not a set"),
    };

    private void Memoize(long index)
    {
        Count();
        _memo[index] = Peek();
    }

    /// <summary>One more value made or copied; past <see cref="PickleLimits.MaxValues"/> the pickle is refused.</summary>
    private void Count()
    {
        if (++_values > PickleLimits.MaxValues)
        {
            throw Error($"the pickle makes more than {PickleLimits.MaxValues} values (PickleLimits.MaxValues)");
        }
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Error($"memo entry {index} is read before it is written");

    private void Push(object? value)
    {
        Count();
        _stack.Add(value);
    }

    private object? Peek()
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        return _stack.Count > floor ? _stack[^1] : throw Error("the stack is empty");
    }

    private object? Pop()
    {
        object? value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopMany(int count)
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count - floor < count)
        {
            throw Error($"a tuple of {count} needs {count} values on the stack");
        }
        object?[] items = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return items;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Error("no MARK to pop to");
        }
        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        object?[] items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private byte ReadByte() => _position < _data.Length ? _data[_position++] : throw Truncated();

    private ReadOnlySpan<byte> ReadBytes(long count)
    {
        if (count > _data.Length - _position)
        {
            throw Truncated();
        }
        var span = new ReadOnlySpan<byte>(_data, _position, (int)count);
        _position += (int)count;
        return span;
    }

    /// <summary>A little-endian length of <paramref name="size"/> bytes, checked against the bytes that remain.</summary>
    private long ReadLength(int size)
    {
        var bytes = ReadBytes(size);
        ulong length = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (length > (ulong)(_data.Length - _position))
        {
            throw Error($"a length of {length} bytes runs past the end of the pickle ({_data.Length - _position} bytes remain)");
        }
        return (long)length;
    }

    private object ReadLong(long byteCount)
    {
        var bytes = ReadBytes(byteCount);
        if (bytes.Length <= 8)
        {
            long value = 0;
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                value = (value << 8) | bytes[i];
            }
            // Sign-extend from the top byte that was read (two's complement, little-endian).
            int unused = 64 - (8 * bytes.Length);
            return bytes.Length == 0 ? 0L : (value << unused) >> unused;
        }
        return new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
    }

    private string ReadString(long byteCount)
    {
        var bytes = ReadBytes(byteCount);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("a string is not valid UTF-8");
        }
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
        {
            throw Truncated();
        }
        string line = Encoding.ASCII.GetString(_data, _position, end - _position);
        _position = end + 1;
        return line;
    }

    internal static string TypeName(object? value) => value switch
    {
        null => "None",
        string => "str",
        long or BigInteger => "int",
        double => "float",
        bool => "bool",
        byte[] => "bytes",
        object?[] => "tuple",
        List<object?> => "list",
        PickleDictionary => "dict",
        CheckpointTensor => "tensor",
        PickledObject record => record.ToString(),
        _ => value.GetType().Name,
    };

    private string Where() => $"{_streamName} at byte {_opcodeStart.ToString(CultureInfo.InvariantCulture)}";

    private LitDslFormatException Truncated() => Error("the pickle ends in the middle of an instruction (truncated?)");

    private LitDslFormatException Error(string problem) => new(_fileName, $"{Where()}: {problem}");
}
