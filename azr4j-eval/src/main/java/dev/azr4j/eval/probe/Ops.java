package dev.azr4j.eval.probe;

import static dev.azr4j.eval.probe.PyType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one-operation programs of the probes: the kinds of operation a simple Python exercise uses
 * (arithmetic, {@code abs}, {@code max}/{@code min}, {@code len}, {@code sum}, {@code sorted},
 * slices, string methods, counting, finding, membership, comprehensions with a map or a filter),
 * with constants a programmer writes. Written for the probes alone.
 */
final class Ops {
    private Ops() {}

    static final List<Op> ALL = build();

    /** The operations taking a value of type {@code t}. */
    static List<Op> from(PyType t) {
        return ALL.stream().filter(o -> o.in() == t).toList();
    }

    private static List<Op> build() {
        List<Op> ops = new ArrayList<>();
        // int -> int
        ops.add(binary("add", INT, INT, "+", "add", 1));
        ops.add(binary("subtract", INT, INT, "-", "subtract", 1));
        ops.add(binary("multiply", INT, INT, "*", "multiply by", 2));
        ops.add(binary("floordiv", INT, INT, "//", "floor-divide by", 2));
        ops.add(binary("modulo", INT, INT, "%", "take the remainder modulo", 2));
        ops.add(fixed("abs", INT, INT, "abs({})", "take the absolute value", true, true));
        ops.add(fixed("negate", INT, INT, "-{}", "negate it", false, false));
        ops.add(fixed("square", INT, INT, "{} ** 2", "square it", false, false));
        ops.add(new Op("max_with", INT, INT, r -> { int k = Values.smallInt(r);
            return step("max_with", "max({}, " + k + ")", "take the larger of it and " + k, true, true, false, k); }));
        ops.add(new Op("min_with", INT, INT, r -> { int k = Values.smallInt(r);
            return step("min_with", "min({}, " + k + ")", "take the smaller of it and " + k, true, true, false, k); }));
        // int -> bool, str
        ops.add(new Op("greater", INT, BOOL, r -> { int k = Values.smallInt(r);
            return step("greater", "{} > " + k, "whether it is greater than " + k, false, false, false, k); }));
        ops.add(new Op("equals", INT, BOOL, r -> { int k = Values.smallInt(r);
            return step("equals", "{} == " + k, "whether it equals " + k, false, false, false, k); }));
        ops.add(fixed("is_even", INT, BOOL, "{} % 2 == 0", "whether it is even", false, false));
        ops.add(fixed("str", INT, STR, "str({})", "write it as a string", true, true));
        // str -> str
        ops.add(new Op("append_text", STR, STR, r -> { String t = text(r);
            return step("append_text", "{} + " + Values.repr(t), "append " + Values.repr(t), false, false, false, null); }));
        ops.add(new Op("prepend_text", STR, STR, r -> { String t = text(r);
            return step("prepend_text", Values.repr(t) + " + {}", "prepend " + Values.repr(t), false, false, false, null); }));
        ops.add(fixed("reverse", STR, STR, "{}[::-1]", "reverse it", false, true));
        ops.add(fixed("upper", STR, STR, "{}.upper()", "upper-case it", false, true));
        ops.add(fixed("lower", STR, STR, "{}.lower()", "lower-case it", false, true));
        ops.add(fixed("swapcase", STR, STR, "{}.swapcase()", "swap the case of its letters", false, true));
        ops.add(fixed("capitalize", STR, STR, "{}.capitalize()", "capitalize it", false, true));
        ops.add(fixed("strip", STR, STR, "{}.strip()", "strip the surrounding spaces", false, true));
        ops.add(new Op("replace", STR, STR, r -> { String c = ch(r), d = ch(r);
            return step("replace", "{}.replace(" + Values.repr(c) + ", " + Values.repr(d) + ")",
                    "replace " + Values.repr(c) + " by " + Values.repr(d), false, true, false, c); }));
        ops.add(new Op("drop_first", STR, STR, r -> { int k = 1 + r.nextInt(3);
            return step("drop_first", "{}[" + k + ":]", "drop the first " + k + " characters", false, true, false, null); }));
        ops.add(new Op("keep_first", STR, STR, r -> { int k = 1 + r.nextInt(4);
            return step("keep_first", "{}[:" + k + "]", "keep the first " + k + " characters", false, true, false, null); }));
        ops.add(new Op("keep_last", STR, STR, r -> { int k = 1 + r.nextInt(3);
            return step("keep_last", "{}[-" + k + ":]", "keep the last " + k + " characters", false, true, false, null); }));
        ops.add(fixed("every_second", STR, STR, "{}[::2]", "keep every second character", false, true));
        ops.add(new Op("repeat", STR, STR, r -> { int k = 2 + r.nextInt(2);
            return step("repeat", "{} * " + k, "repeat it " + k + " times", false, false, false, null); }));
        // str -> int, bool, list
        ops.add(fixed("length", STR, INT, "len({})", "its length", true, true));
        ops.add(new Op("count_char", STR, INT, r -> { String c = ch(r);
            return step("count_char", "{}.count(" + Values.repr(c) + ")", "count the " + Values.repr(c), false, true, false, c); }));
        ops.add(new Op("find_char", STR, INT, r -> { String c = ch(r);
            return step("find_char", "{}.find(" + Values.repr(c) + ")", "the index of the first " + Values.repr(c) + " (-1 if none)",
                    false, true, false, c); }));
        ops.add(new Op("contains_char", STR, BOOL, r -> { String c = ch(r);
            return step("contains_char", Values.repr(c) + " in {}", "whether it contains " + Values.repr(c), true, false, false, c); }));
        ops.add(fixed("is_digit", STR, BOOL, "{}.isdigit()", "whether it is all digits", false, true));
        ops.add(new Op("palindrome", STR, BOOL, r -> step("palindrome", "{} == {}[::-1]", "whether it reads the same backwards",
                false, false, false, null)));
        ops.add(new Op("startswith", STR, BOOL, r -> { String c = ch(r);
            return step("startswith", "{}.startswith(" + Values.repr(c) + ")", "whether it starts with " + Values.repr(c),
                    false, true, false, c); }));
        ops.add(fixed("split", STR, LIST_STR, "{}.split()", "split it into words", false, true));
        ops.add(fixed("sorted_chars", STR, LIST_STR, "sorted({})", "its characters, sorted", true, true));
        ops.add(fixed("chars", STR, LIST_STR, "list({})", "its characters", true, true));
        // list of ints -> int, bool
        ops.add(fixed("max", LIST_INT, INT, "max({})", "its largest element", true, true, true));
        ops.add(fixed("min", LIST_INT, INT, "min({})", "its smallest element", true, true, true));
        ops.add(fixed("sum", LIST_INT, INT, "sum({})", "the sum of its elements", true, true));
        ops.add(fixed("len", LIST_INT, INT, "len({})", "its length", true, true));
        ops.add(fixed("first", LIST_INT, INT, "{}[0]", "its first element", false, true, true));
        ops.add(fixed("last", LIST_INT, INT, "{}[-1]", "its last element", false, true, true));
        ops.add(new Op("count", LIST_INT, INT, r -> { int k = Values.smallInt(r) % 10;
            return step("count", "{}.count(" + k + ")", "count the " + k + "s", false, true, false, k); }));
        ops.add(new Op("contains", LIST_INT, BOOL, r -> { int k = Values.smallInt(r) % 10;
            return step("contains", k + " in {}", "whether it contains " + k, true, false, false, k); }));
        ops.add(new Op("is_sorted", LIST_INT, BOOL, r -> step("is_sorted", "{} == sorted({})", "whether it is sorted",
                false, false, false, null)));
        // list of ints -> list of ints
        ops.add(fixed("sorted", LIST_INT, LIST_INT, "sorted({})", "sort it", true, true));
        ops.add(fixed("sorted_desc", LIST_INT, LIST_INT, "sorted({}, reverse=True)", "sort it, largest first", true, true));
        ops.add(fixed("reversed", LIST_INT, LIST_INT, "{}[::-1]", "reverse it", false, true));
        ops.add(fixed("tail", LIST_INT, LIST_INT, "{}[1:]", "drop the first element", false, true));
        ops.add(new Op("head", LIST_INT, LIST_INT, r -> { int k = 2 + r.nextInt(2);
            return step("head", "{}[:" + k + "]", "keep the first " + k + " elements", false, true, false, null); }));
        ops.add(new Op("append", LIST_INT, LIST_INT, r -> { int k = Values.smallInt(r);
            return step("append", "{} + [" + k + "]", "append " + k, false, false, false, null); }));
        ops.add(new Op("map_multiply", LIST_INT, LIST_INT, r -> { int k = 2 + r.nextInt(4);
            return step("map_multiply", "[{v} * " + k + " for {v} in {}]", "multiply each element by " + k, true, true, false, null); }));
        ops.add(new Op("map_add", LIST_INT, LIST_INT, r -> { int k = Values.constant(r);
            return step("map_add", "[{v} + " + k + " for {v} in {}]", "add " + k + " to each element", true, true, false, null); }));
        ops.add(new Op("map_modulo", LIST_INT, LIST_INT, r -> { int k = 2 + r.nextInt(4);
            return step("map_modulo", "[{v} % " + k + " for {v} in {}]", "each element modulo " + k, true, true, false, null); }));
        ops.add(fixed("map_abs", LIST_INT, LIST_INT, "[abs({v}) for {v} in {}]", "the absolute value of each element", true, true));
        ops.add(new Op("filter_greater", LIST_INT, LIST_INT, r -> { int k = Values.smallInt(r) % 10;
            return step("filter_greater", "[{v} for {v} in {} if {v} > " + k + "]", "keep the elements greater than " + k,
                    true, true, false, null); }));
        ops.add(fixed("filter_even", LIST_INT, LIST_INT, "[{v} for {v} in {} if {v} % 2 == 0]", "keep the even elements", true, true));
        // list of strings
        ops.add(new Op("join", LIST_STR, STR, r -> { String sep = List.of(" ", "", ", ", "-", "_").get(r.nextInt(5));
            return step("join", Values.repr(sep) + ".join({})", "join the words with " + Values.repr(sep), true, true, false, null); }));
        ops.add(fixed("count_words", LIST_STR, INT, "len({})", "how many there are", true, true));
        ops.add(fixed("lengths", LIST_STR, LIST_INT, "[len({v}) for {v} in {}]", "the length of each", true, true));
        ops.add(fixed("sorted_words", LIST_STR, LIST_STR, "sorted({})", "sort them", true, true));
        ops.add(fixed("reversed_words", LIST_STR, LIST_STR, "{}[::-1]", "reverse their order", false, true));
        ops.add(fixed("upper_words", LIST_STR, LIST_STR, "[{v}.upper() for {v} in {}]", "upper-case each", true, true));
        ops.add(new Op("filter_long", LIST_STR, LIST_STR, r -> { int k = 1 + r.nextInt(4);
            return step("filter_long", "[{v} for {v} in {} if len({v}) > " + k + "]", "keep those longer than " + k,
                    true, true, false, null); }));
        ops.add(fixed("first_word", LIST_STR, STR, "{}[0]", "the first one", false, true, true));
        ops.add(new Op("contains_word", LIST_STR, BOOL, r -> { String w = Values.word(r);
            return step("contains_word", Values.repr(w) + " in {}", "whether " + Values.repr(w) + " is among them",
                    true, false, false, w); }));
        return List.copyOf(ops);
    }

    private static Op binary(String name, PyType in, PyType out, String op, String verb, int min) {
        return new Op(name, in, out, r -> {
            int k = Math.max(min, Values.constant(r));
            String description = verb + " " + k;
            return step(name, "{} " + op + " " + k, description, false, false, false, null);
        });
    }

    private static Op fixed(String name, PyType in, PyType out, String pattern, String description, boolean delimited, boolean atom) {
        return fixed(name, in, out, pattern, description, delimited, atom, false);
    }

    private static Op fixed(String name, PyType in, PyType out, String pattern, String description, boolean delimited, boolean atom,
                            boolean nonEmpty) {
        Op.Step s = step(name, pattern, description, delimited, atom, nonEmpty, null);
        return new Op(name, in, out, r -> s);
    }

    private static Op.Step step(String name, String pattern, String description, boolean delimited, boolean atom, boolean nonEmpty,
                                Object hint) {
        return new Op.Step(name, pattern, description, delimited, atom, nonEmpty, hint);
    }

    /** A character to search for or replace: a letter most often, else a digit, a space or punctuation. */
    static String ch(SplittableRandom r) {
        return String.valueOf(Values.printable(r));
    }

    /** Text to append or prepend: what a programmer adds ({@code '!'}, {@code ' world'}), or 1–3 random characters. */
    static String text(SplittableRandom r) {
        if (r.nextBoolean()) return List.of("!", "?", ".", "...", " ", "s", "ing", "_1", " world", "abc", ", ", "-", "#", "Hello ")
                .get(r.nextInt(14));
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + r.nextInt(3); i > 0; i--) sb.append(Values.printable(r));
        return sb.toString();
    }
}
