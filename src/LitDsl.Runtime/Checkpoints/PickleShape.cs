using System;
using System.Collections.Generic;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// The shape check of an unpickled object against <see cref="PickleLimits"/>: no value contains itself, nothing nests
/// deeper than <see cref="PickleLimits.MaxDepth"/>, and unfolded as a tree (a value shared through the memo counted
/// wherever it appears) it holds at most <see cref="PickleLimits.MaxValues"/> values. The walk is iterative and visits
/// each distinct value once, so checking costs no more than building did; afterwards any recursive walk of the object
/// ends, within the stack and time those bounds give.
/// </summary>
internal static class PickleShape
{
    /// <summary>Null when <paramref name="root"/> is within the limits, else what is wrong.</summary>
    internal static string? Check(object? root)
    {
        if (!IsContainer(root))
        {
            return null;
        }
        // Per finished container: its height (deepest nesting below it, itself included) and unfolded size.
        var finished = new Dictionary<object, (int Height, long Size)>(ReferenceEqualityComparer.Instance);
        var onPath = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var path = new Stack<Frame>();
        path.Push(new Frame(root!));
        onPath.Add(root!);
        while (path.Count > 0)
        {
            var frame = path.Peek();
            if (frame.Next < Count(frame.Node))
            {
                object? child = Child(frame.Node, frame.Next++);
                if (!IsContainer(child))
                {
                    frame.Size++;
                    continue;
                }
                if (finished.TryGetValue(child!, out var known))
                {
                    frame.Height = Math.Max(frame.Height, known.Height);
                    frame.Size += known.Size;
                    if (frame.Size > PickleLimits.MaxValues)
                    {
                        return TooMany();
                    }
                    continue;
                }
                if (!onPath.Add(child!))
                {
                    return "the saved object contains itself (a reference cycle), which LitDsl does not read";
                }
                if (path.Count >= PickleLimits.MaxDepth)
                {
                    return $"the saved object nests more than {PickleLimits.MaxDepth} deep (PickleLimits.MaxDepth)";
                }
                path.Push(new Frame(child!));
                continue;
            }
            path.Pop();
            onPath.Remove(frame.Node);
            int height = frame.Height + 1;
            long size = frame.Size + 1;
            finished[frame.Node] = (height, size);
            if (path.TryPeek(out var parent))
            {
                parent.Height = Math.Max(parent.Height, height);
                parent.Size += size;
                if (parent.Size > PickleLimits.MaxValues)
                {
                    return TooMany();
                }
            }
        }
        return null;
    }

    private static string TooMany() =>
        $"the saved object, unfolded, holds more than {PickleLimits.MaxValues} values (PickleLimits.MaxValues; values shared through the pickle's memo count wherever they appear)";

    private static bool IsContainer(object? value) =>
        value is List<object?> or object?[] or PickleDictionary or PickledObject;

    // A dict's keys are scalars (the unpickler allows no others), so only its values are walked; each key counts once.
    private static int Count(object node) => node switch
    {
        List<object?> list => list.Count,
        object?[] tuple => tuple.Length,
        PickleDictionary dict => 2 * dict.Count,
        PickledObject record => record.Arguments.Count + (2 * record.KeywordArguments.Count) + 1 + record.Items.Count + (2 * record.Entries.Count),
        _ => 0,
    };

    private static object? Child(object node, int index)
    {
        switch (node)
        {
            case List<object?> list:
                return list[index];
            case object?[] tuple:
                return tuple[index];
            case PickleDictionary dict:
                return Entry(dict, index);
        }
        var record = (PickledObject)node;
        if (index < record.Arguments.Count)
        {
            return record.Arguments[index];
        }
        index -= record.Arguments.Count;
        if (index < 2 * record.KeywordArguments.Count)
        {
            return Entry(record.KeywordArguments, index);
        }
        index -= 2 * record.KeywordArguments.Count;
        if (index == 0)
        {
            return record.State;
        }
        index--;
        if (index < record.Items.Count)
        {
            return record.Items[index];
        }
        return Entry(record.Entries, index - record.Items.Count);
    }

    // Even positions are keys, odd ones values.
    private static object? Entry(PickleDictionary dict, int index)
    {
        var entry = dict.GetAt(index / 2);
        return index % 2 == 0 ? entry.Key : entry.Value;
    }

    private sealed class Frame(object node)
    {
        public object Node { get; } = node;
        public int Next { get; set; }
        public int Height { get; set; }
        public long Size { get; set; }
    }
}
