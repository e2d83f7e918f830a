using System.Buffers.Binary;

namespace LitDsl.Runtime.Tests.Fuzzing;

/// <summary>
/// Seeded mutations of a real file: bit flips, truncations, inserted and deleted bytes, chunk copies, and length-like
/// fields overwritten with boundary values. Half the positions fall in the file's structural ranges (headers, pickle,
/// zip directory), where a random flip is most likely to reach a parser decision.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly ulong[] Boundaries =
        [0, 1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, long.MaxValue, ulong.MaxValue];

    private readonly Random _random = new(seed);

    /// <summary>A mutated copy of <paramref name="original"/>; with <paramref name="flipsOnly"/>, bit flips inside the hot ranges only.</summary>
    public byte[] Mutate(byte[] original, IReadOnlyList<(int Start, int End)> hot, out string description, bool flipsOnly = false)
    {
        if (flipsOnly)
        {
            return FlipInside(original, hot, out description);
        }
        var bytes = new List<byte>(original);
        int operation = _random.Next(6);
        switch (operation)
        {
            case 0:
                {
                    int flips = 1 + _random.Next(8);
                    for (int i = 0; i < flips && bytes.Count > 0; i++)
                    {
                        bytes[Position(bytes.Count, hot)] ^= (byte)(1 << _random.Next(8));
                    }
                    description = $"{flips} bit flips";
                    break;
                }
            case 1:
                {
                    int length = _random.Next(2) == 0 ? _random.Next(bytes.Count) : Position(bytes.Count, hot);
                    bytes.RemoveRange(length, bytes.Count - length);
                    description = $"truncated to {length}";
                    break;
                }
            case 2:
                {
                    int at = Position(bytes.Count + 1, hot);
                    var inserted = new byte[1 + _random.Next(16)];
                    _random.NextBytes(inserted);
                    bytes.InsertRange(at, inserted);
                    description = $"{inserted.Length} bytes inserted at {at}";
                    break;
                }
            case 3:
                {
                    int at = Position(bytes.Count, hot);
                    int count = Math.Min(1 + _random.Next(16), bytes.Count - at);
                    bytes.RemoveRange(at, count);
                    description = $"{count} bytes deleted at {at}";
                    break;
                }
            case 4:
                {
                    int width = new[] { 1, 2, 4, 8 }[_random.Next(4)];
                    int at = Position(bytes.Count, hot);
                    ulong value = Boundaries[_random.Next(Boundaries.Length)] + (ulong)_random.Next(-2, 3);
                    Span<byte> field = stackalloc byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(field, value);
                    for (int i = 0; i < width && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = field[i];
                    }
                    description = $"{width}-byte field at {at} set to {value}";
                    break;
                }
            default:
                {
                    int from = Position(bytes.Count, hot);
                    int count = Math.Min(1 + _random.Next(64), bytes.Count - from);
                    int to = Position(bytes.Count, hot);
                    byte[] chunk = bytes.GetRange(from, count).ToArray();
                    for (int i = 0; i < chunk.Length && to + i < bytes.Count; i++)
                    {
                        bytes[to + i] = chunk[i];
                    }
                    description = $"{count} bytes copied from {from} to {to}";
                    break;
                }
        }
        return bytes.ToArray();
    }

    private byte[] FlipInside(byte[] original, IReadOnlyList<(int Start, int End)> hot, out string description)
    {
        byte[] bytes = (byte[])original.Clone();
        int flips = 1 + _random.Next(8);
        // Distinct bits, so no flip undoes another and every case really changes the file.
        var at = new HashSet<(int Position, int Bit)>();
        while (at.Count < flips)
        {
            (int start, int end) = hot[_random.Next(hot.Count)];
            (int position, int bit) = (_random.Next(start, end), _random.Next(8));
            if (at.Add((position, bit)))
            {
                bytes[position] ^= (byte)(1 << bit);
            }
        }
        description = $"{flips} bit flips at {string.Join(", ", at.Select(a => a.Position))}";
        return bytes;
    }

    private int Position(int length, IReadOnlyList<(int Start, int End)> hot)
    {
        if (length == 0)
        {
            return 0;
        }
        if (hot.Count > 0 && _random.Next(2) == 0)
        {
            (int start, int end) = hot[_random.Next(hot.Count)];
            start = Math.Min(start, length - 1);
            end = Math.Clamp(end, start + 1, length);
            return _random.Next(start, end);
        }
        return _random.Next(length);
    }
}
