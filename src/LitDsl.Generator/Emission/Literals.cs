using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LitDsl.Generator.Emission;

/// <summary>Culture-invariant C# and JSON literals for the emitters.</summary>
internal static class Literals
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long with digit separators, as people read it: <c>27_844_000L</c>.</summary>
    public static string Long(long value)
    {
        var digits = value.ToString(CultureInfo.InvariantCulture);
        var grouped = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0 && digits[i - 1] != '-') grouped.Append('_');
            grouped.Append(digits[i]);
        }
        return grouped.Append('L').ToString();
    }

    /// <summary>A number for XML docs: <c>27,844,000</c>.</summary>
    public static string Grouped(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string String(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    public static string IntArray(IEnumerable<int> values) =>
        "new int[] { " + string.Join(", ", values.Select(v => Int(v))) + " }";

    /// <summary>A JSON string (the same escapes as C# for the characters that can occur in names).</summary>
    public static string JsonString(string value) => String(value);

    public static string JsonArray(IEnumerable<int> values) => "[" + string.Join(", ", values.Select(v => Int(v))) + "]";
}
