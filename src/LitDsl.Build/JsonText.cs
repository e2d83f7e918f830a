using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LitDsl.Build;

/// <summary>
/// A small JSON reader and pretty-printer for the report (objects, arrays, strings, integers, booleans). MSBuild task
/// assemblies should not carry their own System.Text.Json, and the report needs no more than this.
/// </summary>
internal static class JsonText
{
    /// <summary>Parses JSON into dictionaries (insertion-ordered pairs), lists, strings, longs, bools and null.</summary>
    public static object? Parse(string text)
    {
        var position = 0;
        var value = ReadValue(text, ref position);
        SkipWhitespace(text, ref position);
        if (position != text.Length) throw new FormatException($"unexpected text at offset {position}");
        return value;
    }

    /// <summary>Re-writes JSON with two-space indentation.</summary>
    public static string Indent(string json)
    {
        var builder = new StringBuilder();
        Write(builder, Parse(json), 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value, int depth)
    {
        switch (value)
        {
            case List<KeyValuePair<string, object?>> members:
                if (members.Count == 0) { builder.Append("{}"); return; }
                builder.Append("{\n");
                for (var i = 0; i < members.Count; i++)
                {
                    builder.Append(' ', 2 * (depth + 1)).Append(Quote(members[i].Key)).Append(": ");
                    Write(builder, members[i].Value, depth + 1);
                    builder.Append(i < members.Count - 1 ? ",\n" : "\n");
                }
                builder.Append(' ', 2 * depth).Append('}');
                return;
            case List<object?> items:
                if (items.TrueForAll(item => item is long))
                {
                    builder.Append('[').Append(string.Join(", ", items)).Append(']');
                    return;
                }
                builder.Append("[\n");
                for (var i = 0; i < items.Count; i++)
                {
                    builder.Append(' ', 2 * (depth + 1));
                    Write(builder, items[i], depth + 1);
                    builder.Append(i < items.Count - 1 ? ",\n" : "\n");
                }
                builder.Append(' ', 2 * depth).Append(']');
                return;
            case string text: builder.Append(Quote(text)); return;
            case long number: builder.Append(number.ToString(CultureInfo.InvariantCulture)); return;
            case bool flag: builder.Append(flag ? "true" : "false"); return;
            case null: builder.Append("null"); return;
            default: throw new FormatException("unsupported value " + value.GetType().Name);
        }
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c == '"' || c == '\\') builder.Append('\\').Append(c);
            else if (c < ' ') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }

    private static object? ReadValue(string text, ref int position)
    {
        SkipWhitespace(text, ref position);
        if (position >= text.Length) throw new FormatException("unexpected end");
        var c = text[position];
        if (c == '{') return ReadObject(text, ref position);
        if (c == '[') return ReadArray(text, ref position);
        if (c == '"') return ReadString(text, ref position);
        if (c == '-' || char.IsDigit(c)) return ReadNumber(text, ref position);
        if (Matches(text, ref position, "true")) return true;
        if (Matches(text, ref position, "false")) return false;
        if (Matches(text, ref position, "null")) return null;
        throw new FormatException($"unexpected '{c}' at offset {position}");
    }

    private static List<KeyValuePair<string, object?>> ReadObject(string text, ref int position)
    {
        var members = new List<KeyValuePair<string, object?>>();
        position++;
        SkipWhitespace(text, ref position);
        if (Peek(text, position) == '}') { position++; return members; }
        while (true)
        {
            SkipWhitespace(text, ref position);
            var key = ReadString(text, ref position);
            SkipWhitespace(text, ref position);
            Expect(text, ref position, ':');
            members.Add(new KeyValuePair<string, object?>(key, ReadValue(text, ref position)));
            SkipWhitespace(text, ref position);
            if (Peek(text, position) == ',') { position++; continue; }
            Expect(text, ref position, '}');
            return members;
        }
    }

    private static List<object?> ReadArray(string text, ref int position)
    {
        var items = new List<object?>();
        position++;
        SkipWhitespace(text, ref position);
        if (Peek(text, position) == ']') { position++; return items; }
        while (true)
        {
            items.Add(ReadValue(text, ref position));
            SkipWhitespace(text, ref position);
            if (Peek(text, position) == ',') { position++; continue; }
            Expect(text, ref position, ']');
            return items;
        }
    }

    private static string ReadString(string text, ref int position)
    {
        Expect(text, ref position, '"');
        var builder = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"') return builder.ToString();
            if (c != '\\') { builder.Append(c); continue; }
            if (position >= text.Length) break;
            var escaped = text[position++];
            switch (escaped)
            {
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u':
                    if (position + 4 > text.Length) throw new FormatException("truncated \\u escape");
                    builder.Append((char)int.Parse(text.Substring(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    position += 4;
                    break;
                default: builder.Append(escaped); break;
            }
        }
        throw new FormatException("unterminated string");
    }

    private static long ReadNumber(string text, ref int position)
    {
        var start = position;
        if (text[position] == '-') position++;
        while (position < text.Length && char.IsDigit(text[position])) position++;
        if (position < text.Length && (text[position] == '.' || text[position] == 'e' || text[position] == 'E'))
            throw new FormatException($"non-integer number at offset {start}");
        return long.Parse(text.Substring(start, position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static bool Matches(string text, ref int position, string word)
    {
        if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0) return false;
        position += word.Length;
        return true;
    }

    private static char Peek(string text, int position) => position < text.Length ? text[position] : '\0';

    private static void Expect(string text, ref int position, char expected)
    {
        if (Peek(text, position) != expected) throw new FormatException($"expected '{expected}' at offset {position}");
        position++;
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }
}
