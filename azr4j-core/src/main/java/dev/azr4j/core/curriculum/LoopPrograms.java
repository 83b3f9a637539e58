package dev.azr4j.core.curriculum;

import dev.azr4j.core.curriculum.ProgramGenerator.Program;
import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The broad world's multi-line programs ({@code selfplay.curriculum.loop_programs}): functions with
 * a local variable, a loop and a conditional, as people write them. Seven shapes, each filled with
 * a condition and an expression drawn for the element type (ints, characters or words):
 * <ul>
 *   <li>an accumulator: {@code total = 0}, {@code for}, {@code if}, {@code total += …} (with an
 *       {@code else} branch half of the time);</li>
 *   <li>a list built by {@code append} under a condition;</li>
 *   <li>a string built by {@code +=}, with an {@code else} branch;</li>
 *   <li>the index of the first element that meets a condition, or −1 ({@code enumerate}, an early return);</li>
 *   <li>the best element so far (a running maximum);</li>
 *   <li>a {@code while} loop over an int, counting its steps;</li>
 *   <li>a {@code for} over {@code range} of an int.</li>
 * </ul>
 * Written from the environment's side; its outputs come from the executor.
 */
final class LoopPrograms {
    private static final List<String> ACCUMULATORS = List.of("total", "count", "acc", "result", "score");
    private static final List<String> LISTS = List.of("out", "result", "kept", "res");
    private static final List<String> STRINGS = List.of("out", "res", "text2", "built");
    private static final List<String> ELEMENTS = List.of("v", "x", "e", "item", "c");
    private static final Map<Type, List<String>> NAMES = Map.of(
            Type.LIST, List.of("nums", "lst", "items", "arr", "values", "data", "a"),
            Type.STR, List.of("s", "text", "word", "line", "a"),
            Type.STRS, List.of("words", "names", "tokens", "a"),
            Type.INT, List.of("n", "num", "a"));

    private LoopPrograms() {}

    /** A random multi-line program and the type of its argument. */
    static Program program(SplittableRandom r) {
        int shape = r.nextInt(7);
        Type type = switch (shape) {
            case 5, 6 -> Type.INT;
            case 2 -> r.nextBoolean() ? Type.STR : Type.STRS;
            default -> List.of(Type.LIST, Type.LIST, Type.STR, Type.STRS).get(r.nextInt(4));
        };
        String a = pick(NAMES.get(type), r);
        String v = pick(ELEMENTS, r);
        Type element = type == Type.LIST ? Type.INT : type == Type.STR ? Type.STR : Type.STRS;
        String cond = condition(element, v, r);
        String body = switch (shape) {
            case 0 -> {
                String acc = pick(ACCUMULATORS, r);
                String add = amount(element, v, r);
                yield "    " + acc + " = 0\n    for " + v + " in " + a + ":\n        if " + cond + ":\n            " + acc + " += " + add + "\n"
                        + (r.nextBoolean() ? "        else:\n            " + acc + " -= " + amount(element, v, r) + "\n" : "")
                        + "    return " + acc;
            }
            case 1 -> {
                String out = pick(LISTS, r);
                yield "    " + out + " = []\n    for " + v + " in " + a + ":\n        if " + cond + ":\n            " + out + ".append("
                        + mapped(element, v, r) + ")\n    return " + out;
            }
            case 2 -> {
                String out = pick(STRINGS, r);
                String piece = element == Type.STR ? pick(List.of(v + ".upper()", v + " * 2", v), r) : pick(List.of(v + "[0]", v + "[::-1]", v + ".upper()"), r);
                String other = element == Type.STR ? pick(List.of("'-'", "''", v + ".lower()", "'*'"), r) : pick(List.of("'-'", "''", v + "[-1]"), r);
                yield "    " + out + " = ''\n    for " + v + " in " + a + ":\n        if " + cond + ":\n            " + out + " += " + piece
                        + "\n        else:\n            " + out + " += " + other + "\n    return " + out;
            }
            case 3 -> "    for i, " + v + " in enumerate(" + a + "):\n        if " + cond + ":\n            return i\n    return -1";
            case 4 -> {
                String key = switch (element) {
                    case INT -> pick(List.of("%s", "abs(%s)", "-%s"), r);
                    case STR -> pick(List.of("%s", "%s.lower()"), r);       // characters compare by code
                    default -> "len(%s)";
                };
                String best = pick(List.of("best", "top", "m"), r);
                String bestKey = key.formatted(best);
                key = key.formatted(v);
                yield "    " + best + " = " + a + "[0]\n    for " + v + " in " + a + "[1:]:\n        if " + key + " > " + bestKey + ":\n            "
                        + best + " = " + v + "\n    return " + best;
            }
            case 5 -> {
                int k = r.nextInt(0, 6);
                String step = pick(List.of(a + " = " + a + " // 2", a + " -= " + r.nextInt(2, 8), a + " = " + a + " // 3"), r);
                yield "    " + a + " = abs(" + a + ")\n    steps = 0\n    while " + a + " > " + k + ":\n        " + step + "\n        steps += 1\n    return steps";
            }
            default -> {
                int m = r.nextInt(3, 9);
                String acc = pick(ACCUMULATORS, r);
                String term = pick(List.of("i", "i * i", "i * " + r.nextInt(2, 5), "i % 3"), r);
                String test = pick(List.of("i % 2 == 0", "i > " + r.nextInt(0, 4), "i % 3 != 0"), r);
                yield "    " + acc + " = 0\n    for i in range(" + a + " % " + m + "):\n        if " + test + ":\n            " + acc + " += " + term
                        + "\n    return " + acc;
            }
        };
        String source = "def f(" + a + "):\n" + body;
        return new Program(source, type, "a loop", 3, null);
    }

    private static String condition(Type element, String v, SplittableRandom r) {
        return switch (element) {
            case INT -> pick(List.of(v + " > " + r.nextInt(-5, 6), v + " % 2 == 0", v + " % " + r.nextInt(3, 6) + " == 0",
                    v + " != " + r.nextInt(-3, 6), v + " < " + r.nextInt(-5, 6)), r);
            case STR -> pick(List.of(v + ".isalpha()", v + " in 'aeiou'", v + ".isupper()", v + ".isdigit()",
                    v + " == '" + (char) ('a' + r.nextInt(26)) + "'", v + " != ' '"), r);
            default -> pick(List.of("len(" + v + ") > " + r.nextInt(1, 5), v + ".startswith('" + (char) ('a' + r.nextInt(26)) + "')",
                    "'" + "aeiou".charAt(r.nextInt(5)) + "' in " + v, "len(" + v + ") % 2 == 0"), r);
        };
    }

    /** What an accumulator adds for an element. */
    private static String amount(Type element, String v, SplittableRandom r) {
        return switch (element) {
            case INT -> pick(List.of(v, "1", v + " * " + r.nextInt(2, 4), "abs(" + v + ")", v + " % " + r.nextInt(2, 6)), r);
            case STR -> pick(List.of("1", "2", "ord(" + v + ") % " + r.nextInt(2, 10)), r);
            default -> pick(List.of("len(" + v + ")", "1", v + ".count('" + "aeiou".charAt(r.nextInt(5)) + "')"), r);
        };
    }

    /** What a built list holds for an element. */
    private static String mapped(Type element, String v, SplittableRandom r) {
        return switch (element) {
            case INT -> pick(List.of(v, v + " + " + r.nextInt(1, 10), v + " * " + r.nextInt(2, 4), "-" + v, v + " // 2"), r);
            case STR -> pick(List.of(v, v + ".upper()", "ord(" + v + ")"), r);
            default -> pick(List.of(v + ".upper()", v + "[::-1]", "len(" + v + ")", v + "[0]"), r);
        };
    }

    private static String pick(List<String> xs, SplittableRandom r) {
        return xs.get(r.nextInt(xs.size()));
    }
}
