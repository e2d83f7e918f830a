using System.Collections.Generic;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// An object a checkpoint's pickle describes with a class or function that LitDsl does not interpret — a yacs config,
/// an argparse Namespace, a numpy scalar, a <c>torch.Size</c>, a set, <c>os.system(...)</c> — kept as an inert record of
/// what the pickle said: the global's name, the arguments it was given, the state it was set to and the items and
/// entries put into it. Nothing is imported, instantiated or called to make it: the name is a string that is never
/// looked up.
/// </summary>
/// <remarks>
/// Sets and frozensets are records named <c>builtins.set</c> / <c>builtins.frozenset</c> with their elements in
/// <see cref="Items"/>, whichever protocol wrote them. Python 2 module names that pickle protocol 2 writes
/// (<c>__builtin__</c>, <c>copy_reg</c>) are given their Python 3 names, as Python's own unpickler does.
/// </remarks>
public sealed class PickledObject
{
    private static readonly IReadOnlyList<object?> NoItems = [];
    private static readonly PickleDictionary NoEntries = new();

    private List<object?>? _items;
    private PickleDictionary? _entries;

    internal PickledObject(PickleGlobal global, PickledObjectKind kind, IReadOnlyList<object?> arguments,
        PickleDictionary? keywordArguments = null)
    {
        Global = global;
        Kind = kind;
        Arguments = arguments;
        KeywordArguments = keywordArguments ?? NoEntries;
    }

    /// <summary>The module of the global (<c>yacs.config</c>).</summary>
    public string Module => Global.Module;

    /// <summary>The global's name in its module (<c>CfgNode</c>).</summary>
    public string Name => Global.Name;

    /// <summary>Module and name (<c>yacs.config.CfgNode</c>).</summary>
    public string ClassName => Global.FullName;

    /// <summary>What the pickle did with the global.</summary>
    public PickledObjectKind Kind { get; }

    /// <summary>The positional arguments of the call or instantiation (empty for a reference).</summary>
    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>Keyword arguments of the instantiation (NEWOBJ_EX only; else empty).</summary>
    public PickleDictionary KeywordArguments { get; }

    /// <summary>The state BUILD gave it (usually the instance's <c>__dict__</c>), or null when none was given.</summary>
    public object? State { get; private set; }

    /// <summary>Whether BUILD gave it a state (which may itself be None).</summary>
    public bool HasState { get; private set; }

    /// <summary>Items appended to it (a list subclass) or the elements of a set.</summary>
    public IReadOnlyList<object?> Items => _items ?? NoItems;

    /// <summary>Entries set on it, for a dict subclass such as yacs's CfgNode (keys: str, int, float or bool).</summary>
    public PickleDictionary Entries => _entries ?? NoEntries;

    /// <summary>The global as the unpickler knows it.</summary>
    internal PickleGlobal Global { get; }

    internal void SetState(object? state)
    {
        State = state;
        HasState = true;
    }

    internal void AddItem(object? item) => (_items ??= []).Add(item);

    internal PickleDictionary MutableEntries() => _entries ??= new();

    /// <summary>What it is, in a few words: <c>yacs.config.CfgNode</c>, <c>call of posix.system</c>, <c>global torch.Size</c>.</summary>
    public override string ToString() => Kind switch
    {
        PickledObjectKind.Reference => "global " + ClassName,
        PickledObjectKind.Call => "call of " + ClassName,
        _ => ClassName,
    };
}
