package dev.azr4j.core.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Light text-level helpers for Python source written by the model. Anything that needs real
 * Python semantics (syntax, AST, evaluation) is left to the sandboxed executor.
 */
public final class PythonSource {
    private static final Pattern DEF = Pattern.compile("^[ \\t]*(?:async[ \\t]+)?def[ \\t]+([A-Za-z_]\\w*)[ \\t]*\\(", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^(?:import[ \\t]+\\S.*|from[ \\t]+\\S+[ \\t]+import[ \\t]+\\S.*)$", Pattern.MULTILINE);
    /** A call of the builtin {@code input(...)}, not of {@code parse_input(...)} or {@code obj.input(...)}. */
    private static final Pattern INPUT_CALL = Pattern.compile("(?<![\\w.])input[ \\t]*\\(");

    private PythonSource() {}

    /** Names of all {@code def} statements, nested ones included, in source order. */
    public static List<String> definedFunctions(String program) {
        List<String> names = new ArrayList<>();
        Matcher m = DEF.matcher(program);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** Renames function {@code name} (definition and every whole-word use) to {@code f}. */
    public static String renameToF(String program, String name) {
        if (name.equals("f")) return program;
        return program.replaceAll("\\b" + Pattern.quote(name) + "\\b", "f");
    }

    /** Top-level (unindented) import lines, stripped and de-duplicated, in order. */
    public static List<String> imports(String program) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IMPORT.matcher(program);
        while (m.find()) out.add(m.group().strip());
        return List.copyOf(out);
    }

    /** Whether the text calls the builtin {@code input(}; such programs would block on stdin. */
    public static boolean callsInput(String text) {
        return INPUT_CALL.matcher(text).find();
    }

    /** A Python string literal (double-quoted, ASCII only) whose value is {@code s}. */
    public static String stringLiteral(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** Program text with trailing spaces and blank lines removed: the key used to spot duplicates. */
    public static String normalize(String program) {
        StringBuilder b = new StringBuilder();
        for (String line : program.split("\\R")) {
            String l = line.stripTrailing();
            if (!l.isEmpty()) b.append(l).append('\n');
        }
        return b.toString();
    }
}
