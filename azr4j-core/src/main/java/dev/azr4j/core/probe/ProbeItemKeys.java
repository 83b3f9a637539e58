package dev.azr4j.core.probe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The items of every shipped probe set as keys of (program, value), so that no probe item enters
 * training, whether the environment draws it or a proposer writes it (issue 23). A program is keyed
 * by its {@link #canonical} form, in which its own names (the argument, comprehension variables)
 * are numbered in order of appearance: {@code def f(arr): return arr[-1]} and
 * {@code def f(a): return a[-1]} are one program. A task is a probe's item when it has a probe
 * item's program with the item's input, or (an input-prediction item) with its output; for a
 * program-writing item, any of its inputs. The basic programs themselves stay open to training on
 * other values: only the item is kept out, not the skill.
 */
public final class ProbeItemKeys {
    private static final Set<String> KEEP = Set.of(
            "def", "return", "for", "in", "if", "else", "elif", "not", "and", "or", "is", "lambda", "while", "True", "False", "None",
            "len", "sum", "max", "min", "abs", "sorted", "reversed", "str", "int", "float", "bool", "list", "tuple", "dict", "set",
            "range", "enumerate", "zip", "map", "filter", "ord", "chr", "all", "any", "round", "divmod", "pow", "isinstance", "type",
            "f", "print", "repr", "hash", "id", "iter", "next", "slice", "format", "bin", "hex", "oct", "break", "continue", "pass");

    private final Set<String> keys;

    private ProbeItemKeys(Set<String> keys) {
        this.keys = keys;
    }

    /** The keys of every item of every shipped set. */
    public static ProbeItemKeys shipped() {
        Set<String> keys = new HashSet<>();
        for (String name : ProbeFiles.SHIPPED) for (ProbeItem it : ProbeFiles.shipped(name)) add(keys, it);
        return new ProbeItemKeys(Set.copyOf(keys));
    }

    /** The keys of {@code items}. */
    public static ProbeItemKeys of(List<ProbeItem> items) {
        Set<String> keys = new HashSet<>();
        for (ProbeItem it : items) add(keys, it);
        return new ProbeItemKeys(Set.copyOf(keys));
    }

    private static void add(Set<String> keys, ProbeItem it) {
        String p = canonical(it.code());
        if (it.input() != null) keys.add(key(p, 'I', it.input()));
        if (it.output() != null && ProbeItem.INPUT.equals(it.task())) keys.add(key(p, 'O', it.output()));
        if (it.inputs() != null) for (String x : it.inputs()) keys.add(key(p, 'I', x));
    }

    /** Whether {@code program} run on {@code input}, giving {@code output} (null: unknown), is a probe's item. */
    public boolean isProbeItem(String program, String input, String output) {
        String p = canonical(program);
        return (input != null && keys.contains(key(p, 'I', input))) || (output != null && keys.contains(key(p, 'O', output)));
    }

    /** Whether an induction task of {@code program} shown on {@code inputs} holds a probe's item. */
    public boolean holdsProbeItem(String program, List<String> inputs) {
        String p = canonical(program);
        for (String x : inputs) if (keys.contains(key(p, 'I', x))) return true;
        return false;
    }

    private static String key(String canonicalProgram, char kind, String value) {
        return canonicalProgram + '\u0000' + kind + value.strip();
    }

    /**
     * {@code program} with its own names numbered ({@code _0}, {@code _1}, … in order of first
     * appearance) and runs of spaces made one: names after a dot (methods), keyword arguments and
     * Python's keywords and builtins are kept; string literals are left as written.
     */
    public static String canonical(String program) {
        StringBuilder out = new StringBuilder();
        Map<String, String> names = new HashMap<>();
        String s = program.strip();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != c) end += s.charAt(end) == '\\' ? 2 : 1;
                end = Math.min(end + 1, s.length());
                out.append(s, i, end);
                i = end;
            } else if (Character.isJavaIdentifierStart(c) && c != '$') {
                int end = i;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) end++;
                String name = s.substring(i, end);
                boolean attribute = i > 0 && s.charAt(i - 1) == '.';
                boolean keyword = end < s.length() && s.charAt(end) == '=' && (end + 1 >= s.length() || s.charAt(end + 1) != '=');
                out.append(attribute || keyword || KEEP.contains(name) ? name : names.computeIfAbsent(name, k -> "_" + names.size()));
                i = end;
            } else if (c == ' ' && out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
