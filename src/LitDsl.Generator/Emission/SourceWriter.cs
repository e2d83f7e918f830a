using System;
using System.Diagnostics;
using System.Text;

namespace LitDsl.Generator.Emission;

/// <summary>
/// Writes C# source with indentation: lines, blocks in braces, and multi-line text re-indented line by line. The
/// emitters use nothing else, so every generated file is laid out the same way.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();

    public int Indentation { get; private set; }

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < Indentation; i++) _text.Append(IndentUnit);
            _text.Append(line);
        }
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n')) Line(line);
        return this;
    }

    public SourceWriter OpenBlock(string header)
    {
        Line(header);
        Line("{");
        Indentation++;
        return this;
    }

    public SourceWriter CloseBlock(string closing = "}")
    {
        if (Indentation == 0) throw new InvalidOperationException("CloseBlock without OpenBlock.");
        Indentation--;
        return Line(closing);
    }

    public override string ToString()
    {
        Debug.Assert(Indentation == 0, "Every block must be closed.");
        return _text.ToString();
    }
}
