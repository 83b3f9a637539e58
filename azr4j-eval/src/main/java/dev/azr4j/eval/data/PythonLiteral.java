package dev.azr4j.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** JSON values as Python literal source: {@code true} → {@code True}, {@code Infinity} → {@code float('inf')}, objects → dicts. */
public final class PythonLiteral {
    private PythonLiteral() {}

    public static String of(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        append(n, sb);
        return sb.toString();
    }

    private static void append(JsonNode n, StringBuilder sb) {
        switch (n.getNodeType()) {
            case NULL, MISSING -> sb.append("None");
            case BOOLEAN -> sb.append(n.booleanValue() ? "True" : "False");
            case NUMBER -> {
                if (n.isIntegralNumber()) {
                    sb.append(n.bigIntegerValue());
                } else {
                    double d = n.doubleValue();
                    if (Double.isNaN(d)) sb.append("float('nan')");
                    else if (Double.isInfinite(d)) sb.append(d > 0 ? "float('inf')" : "float('-inf')");
                    else sb.append(Double.toString(d));
                }
            }
            case STRING -> string(n.textValue(), sb);
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) sb.append(", ");
                    append(n.get(i), sb);
                }
                sb.append(']');
            }
            case OBJECT -> {
                sb.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!first) sb.append(", ");
                    first = false;
                    string(e.getKey(), sb);
                    sb.append(": ");
                    append(e.getValue(), sb);
                }
                sb.append('}');
            }
            default -> throw new IllegalArgumentException("no Python literal for a JSON " + n.getNodeType());
        }
    }

    /** A double-quoted Python string with every non-printable or non-ASCII character escaped. */
    public static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp >= 0x20 && cp < 0x7f) sb.append((char) cp);
                    else if (cp <= 0xff) sb.append(String.format("\\x%02x", cp));
                    else if (cp <= 0xffff) sb.append(String.format("\\u%04x", cp));
                    else sb.append(String.format("\\U%08x", cp));
                }
            }
        }
        sb.append('"');
    }

    public static String string(String s) {
        StringBuilder sb = new StringBuilder();
        string(s, sb);
        return sb.toString();
    }
}
