using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// A Python <c>dict</c> (or <c>OrderedDict</c>) read from a pickle: its entries in insertion order, as Python keeps
/// them, with keys of the kinds the reader accepts (str, int, float, bool as string, long, double, bool). Setting a key
/// again replaces its value in place, as in Python. Read-only to callers; the unpickler fills it.
/// </summary>
public sealed class PickleDictionary : IReadOnlyDictionary<object, object?>
{
    private readonly List<KeyValuePair<object, object?>> _entries = [];
    private readonly Dictionary<object, int> _positions = [];

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The value of <paramref name="key"/>; a missing key throws <see cref="KeyNotFoundException"/>.</summary>
    public object? this[object key] => _entries[_positions[key]].Value;

    /// <summary>The keys in insertion order.</summary>
    public IEnumerable<object> Keys => _entries.Select(entry => entry.Key);

    /// <summary>The values in insertion order.</summary>
    public IEnumerable<object?> Values => _entries.Select(entry => entry.Value);

    /// <summary>The entry at <paramref name="index"/> in insertion order.</summary>
    public KeyValuePair<object, object?> GetAt(int index) => _entries[index];

    public bool ContainsKey(object key) => _positions.ContainsKey(key);

    public bool TryGetValue(object key, [MaybeNullWhen(false)] out object? value)
    {
        if (_positions.TryGetValue(key, out int position))
        {
            value = _entries[position].Value;
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python's <c>d[key] = value</c>: a new key goes last, a known one keeps its place.</summary>
    internal void Set(object key, object? value)
    {
        if (_positions.TryGetValue(key, out int position))
        {
            _entries[position] = new KeyValuePair<object, object?>(key, value);
        }
        else
        {
            _positions.Add(key, _entries.Count);
            _entries.Add(new KeyValuePair<object, object?>(key, value));
        }
    }
}
