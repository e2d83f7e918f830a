using System;
using System.Collections.Generic;
using System.Globalization;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// The header of a <c>.npy</c> file, parsed as the Python dict literal it is (numpy reads it with
/// <c>ast.literal_eval</c>): exactly the keys <c>'descr'</c> (a string), <c>'fortran_order'</c> (<c>True</c> or
/// <c>False</c>) and <c>'shape'</c> (a tuple of non-negative integers), each once, in any order, with Python's commas
/// and whitespace. Anything else — another key, a key twice, a value of another type, an escape sequence, text after
/// the closing brace — is refused with what and where, never guessed at.
/// </summary>
internal sealed class NpyHeader
{
    private readonly string _text;
    private readonly string _fileName;
    private int _position;

    private NpyHeader(string text, string fileName)
    {
        _text = text;
        _fileName = fileName;
    }

    /// <summary>The dtype string (<c>'&lt;f4'</c>).</summary>
    internal string Descr { get; private set; } = "";

    /// <summary>Whether the array is stored column-major.</summary>
    internal bool FortranOrder { get; private set; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    internal int[] Shape { get; private set; } = [];

    /// <summary>Parses <paramref name="header"/> (the text between the length field and the data).</summary>
    internal static NpyHeader Parse(string header, string fileName)
    {
        var parsed = new NpyHeader(header, fileName);
        parsed.ParseDict();
        return parsed;
    }

    private void ParseDict()
    {
        SkipSpace();
        if (_position >= _text.Length || _text[_position] != '{')
        {
            throw new LitDslFormatException(_fileName, $"header is not a Python dict literal: {Shorten(_text.Trim())}");
        }
        _position++;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        SkipSpace();
        while (Peek() != '}')
        {
            int keyAt = _position;
            string key = ParseString("a key");
            if (!seen.Add(key))
            {
                throw Problem($"header gives '{key}' twice", keyAt);
            }
            SkipSpace();
            Expect(':');
            SkipSpace();
            switch (key)
            {
                case "descr":
                    Descr = ParseString("'descr'");
                    break;
                case "fortran_order":
                    FortranOrder = ParseBool("'fortran_order'");
                    break;
                case "shape":
                    Shape = ParseShape();
                    break;
                default:
                    throw Problem($"header has the key '{key}'; a .npy header holds exactly 'descr', 'fortran_order' and 'shape'", keyAt);
            }
            SkipSpace();
            if (Peek() == ',')
            {
                _position++;
                SkipSpace();
            }
            else if (Peek() != '}')
            {
                throw Problem("header expects ',' or '}'", _position);
            }
        }
        _position++;
        SkipSpace();
        if (_position != _text.Length)
        {
            throw Problem("header has text after its closing '}'", _position);
        }
        foreach (string key in new[] { "descr", "fortran_order", "shape" })
        {
            if (!seen.Contains(key))
            {
                throw new LitDslFormatException(_fileName, $"header lacks '{key}': {Shorten(_text.Trim())}");
            }
        }
    }

    private string ParseString(string what)
    {
        int start = _position;
        char quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw Problem($"header expects a string for {what}", start);
        }
        int end = _text.IndexOf(quote, _position + 1);
        if (end < 0)
        {
            throw Problem("header has a string that is not closed", start);
        }
        string value = _text[(_position + 1)..end];
        if (value.AsSpan().IndexOfAny('\\', '\n', '\r') >= 0)
        {
            throw Problem("header has a string with an escape sequence or a line break", start);
        }
        _position = end + 1;
        return value;
    }

    private bool ParseBool(string what)
    {
        foreach ((string word, bool value) in new[] { ("True", true), ("False", false) })
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0 && !IsIdentifierChar(_position + word.Length))
            {
                _position += word.Length;
                return value;
            }
        }
        throw Problem($"header expects True or False for {what}", _position);
    }

    private int[] ParseShape()
    {
        int start = _position;
        Expect('(');
        var dims = new List<int>();
        bool comma = false;
        SkipSpace();
        while (Peek() != ')')
        {
            dims.Add(ParseDimension());
            SkipSpace();
            comma = Peek() == ',';
            if (comma)
            {
                _position++;
                SkipSpace();
            }
            else if (Peek() != ')')
            {
                throw Problem("header expects ',' or ')' in 'shape'", _position);
            }
        }
        _position++;
        // (2) is the integer 2 in Python, not a tuple: numpy refuses it, and so do we.
        if (dims.Count == 1 && !comma)
        {
            throw Problem("header's 'shape' is a parenthesised integer, not a tuple (a 1-d shape is written (2,))", start);
        }
        return dims.ToArray();
    }

    private int ParseDimension()
    {
        int start = _position;
        while (_position < _text.Length && !char.IsWhiteSpace(_text[_position]) && _text[_position] is not (',' or ')'))
        {
            _position++;
        }
        string token = _text[start.._position];
        bool canonical = token.Length > 0 && (token == "0" || token[0] != '0');
        if (!canonical || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int dim))
        {
            throw new LitDslFormatException(_fileName, $"shape entry '{Shorten(token)}' is not a non-negative 32-bit integer");
        }
        return dim;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : throw Problem("header ends early", _position);

    private void Expect(char wanted)
    {
        if (Peek() != wanted)
        {
            throw Problem($"header expects '{wanted}'", _position);
        }
        _position++;
    }

    // Python's whitespace between tokens; numpy pads the header with spaces and ends it with '\n'.
    private void SkipSpace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r' or '\f')
        {
            _position++;
        }
    }

    private bool IsIdentifierChar(int index) => index < _text.Length && (char.IsLetterOrDigit(_text[index]) || _text[index] == '_');

    private LitDslFormatException Problem(string problem, int at) =>
        new(_fileName, $"{problem} at character {at}; a .npy header is a Python dict literal: {Shorten(_text.Trim())}");

    private static string Shorten(string value) => value.Length <= 120 ? value : value[..120] + "...";
}
