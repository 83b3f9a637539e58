package dev.azr4j.eval.probe;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Multi-line functions as CRUXEval's are: a local variable, a loop ({@code for} or {@code while})
 * and a conditional, over a list, a string or an int. Each template draws its names, its test, its
 * update and its constants, so that one template gives many programs.
 */
final class MultilinePrograms implements ProbeProgram.Source {

    /** A template: its name and how it draws a program. */
    record Template(String name, Function<SplittableRandom, ProbeProgram> draw) {}

    static final List<Template> TEMPLATES = List.of(
            new Template("filter_map", MultilinePrograms::filterMap),
            new Template("conditional_sum", MultilinePrograms::conditionalSum),
            new Template("count_chars", MultilinePrograms::countChars),
            new Template("rebuild_string", MultilinePrograms::rebuildString),
            new Template("while_steps", MultilinePrograms::whileSteps),
            new Template("best_element", MultilinePrograms::bestElement),
            new Template("first_index", MultilinePrograms::firstIndex),
            new Template("long_words", MultilinePrograms::longWords),
            new Template("dedupe_adjacent", MultilinePrograms::dedupeAdjacent),
            new Template("digit_sum", MultilinePrograms::digitSum),
            new Template("char_counts", MultilinePrograms::charCounts),
            new Template("running_total", MultilinePrograms::runningTotal),
            new Template("split_parts", MultilinePrograms::splitParts));

    @Override
    public ProbeProgram next(SplittableRandom r) {
        return TEMPLATES.get(r.nextInt(TEMPLATES.size())).draw().apply(r);
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static ProbeProgram program(String name, String source, String description, PyType arg, boolean nonEmpty, Object hint) {
        return new ProbeProgram(source, description, arg, nonEmpty, hint, List.of(name));
    }

    /** An int test on {@code v}, with its words: {@code [code, words]}. */
    private static String[] intTest(SplittableRandom r, String v) {
        int k = Values.smallInt(r) % 10;
        int m = 2 + r.nextInt(3);
        return switch (r.nextInt(5)) {
            case 0 -> new String[]{v + " > " + k, "greater than " + k};
            case 1 -> new String[]{v + " < " + k, "less than " + k};
            case 2 -> new String[]{v + " % 2 == 0", "even"};
            case 3 -> new String[]{v + " % " + m + " != 0", "not divisible by " + m};
            default -> new String[]{v + " != " + k, "other than " + k};
        };
    }

    /** An int expression of {@code v}, with its words. */
    private static String[] intMap(SplittableRandom r, String v) {
        int k = 2 + r.nextInt(4);
        return switch (r.nextInt(5)) {
            case 0 -> new String[]{v + " * " + k, "times " + k};
            case 1 -> new String[]{v + " + " + k, "plus " + k};
            case 2 -> new String[]{v + " ** 2", "squared"};
            case 3 -> new String[]{v + " - " + k, "minus " + k};
            default -> new String[]{v + " // " + k, "floor-divided by " + k};
        };
    }

    /** A character test on {@code c}, with its words and a character the input should hold (or null). */
    private static String[] charTest(SplittableRandom r, String c) {
        String x = Ops.ch(r);
        return switch (r.nextInt(6)) {
            case 0 -> new String[]{c + ".isdigit()", "digits", null};
            case 1 -> new String[]{c + ".isupper()", "upper-case letters", null};
            case 2 -> new String[]{c + " in 'aeiou'", "lower-case vowels", "e"};
            case 3 -> new String[]{c + " == " + Values.repr(x), "characters " + Values.repr(x), x};
            case 4 -> new String[]{c + ".isalpha()", "letters", null};
            default -> new String[]{c + " == ' '", "spaces", " "};
        };
    }

    private static ProbeProgram filterMap(SplittableRandom r) {
        String p = pick(r, "nums", "values", "numbers", "data"), v = pick(r, "x", "n", "num"), acc = pick(r, "result", "out", "kept");
        String[] test = intTest(r, v), map = intMap(r, v);
        String src = "def f(" + p + "):\n    " + acc + " = []\n    for " + v + " in " + p + ":\n        if " + test[0] + ":\n            "
                + acc + ".append(" + map[0] + ")\n    return " + acc;
        return program("filter_map", src, "For each element that is " + test[1] + ", the element " + map[1] + ", in order.", PyType.LIST_INT, false, null);
    }

    private static ProbeProgram conditionalSum(SplittableRandom r) {
        String p = pick(r, "nums", "values", "numbers", "items"), v = pick(r, "x", "n", "v"), acc = pick(r, "total", "s", "acc");
        String[] test = intTest(r, v);
        boolean otherwise = r.nextBoolean();
        String[] map = intMap(r, v);
        String src = "def f(" + p + "):\n    " + acc + " = 0\n    for " + v + " in " + p + ":\n        if " + test[0] + ":\n            "
                + acc + " += " + map[0] + (otherwise ? "\n        else:\n            " + acc + " -= 1" : "") + "\n    return " + acc;
        return program("conditional_sum", src, "Sum, over the elements that are " + test[1] + ", each element " + map[1]
                + (otherwise ? "; subtract 1 for each other element." : "."), PyType.LIST_INT, false, null);
    }

    private static ProbeProgram countChars(SplittableRandom r) {
        String p = pick(r, "text", "s", "line", "word"), c = pick(r, "ch", "c", "char"), acc = pick(r, "count", "n", "total");
        String[] test = charTest(r, c);
        String src = "def f(" + p + "):\n    " + acc + " = 0\n    for " + c + " in " + p + ":\n        if " + test[0] + ":\n            "
                + acc + " += 1\n    return " + acc;
        return program("count_chars", src, "Count the " + test[1] + " in the string.", PyType.STR, false, test[2]);
    }

    private static ProbeProgram rebuildString(SplittableRandom r) {
        String p = pick(r, "text", "s", "line"), c = pick(r, "ch", "c"), acc = pick(r, "out", "result", "res");
        String[] test = charTest(r, c);
        String[] then = switch (r.nextInt(4)) {
            case 0 -> new String[]{c + ".upper()", "upper-cased"};
            case 1 -> new String[]{"'*'", "replaced by '*'"};
            case 2 -> new String[]{c + " * 2", "doubled"};
            default -> new String[]{"''", "dropped"};
        };
        String src = "def f(" + p + "):\n    " + acc + " = ''\n    for " + c + " in " + p + ":\n        if " + test[0] + ":\n            "
                + acc + " += " + then[0] + "\n        else:\n            " + acc + " += " + c + "\n    return " + acc;
        return program("rebuild_string", src, "Return the string with its " + test[1] + " " + then[1] + ".", PyType.STR, false, test[2]);
    }

    private static ProbeProgram whileSteps(SplittableRandom r) {
        String p = pick(r, "n", "x", "num"), acc = pick(r, "steps", "count", "i");
        int k = r.nextInt(4);
        String[] update = switch (r.nextInt(3)) {
            case 0 -> new String[]{p + " = " + p + " // 2", "halving it"};
            case 1 -> new String[]{p + " -= " + (2 + r.nextInt(4)), "subtracting"};
            default -> new String[]{p + " = " + p + " // 10", "dropping its last digit"};
        };
        if (update[1].equals("subtracting")) update[1] = "subtracting " + update[0].substring(update[0].lastIndexOf(' ') + 1);
        int m = 2 + r.nextInt(2);
        String body = "        if " + p + " % " + m + " == 0:\n            " + acc + " += 2\n        else:\n            " + acc + " += 1\n";
        String src = "def f(" + p + "):\n    " + acc + " = 0\n    while " + p + " > " + k + ":\n" + body + "        " + update[0]
                + "\n    return " + acc;
        return program("while_steps", src, "While the number is above " + k + ", keep " + update[1] + "; count the steps, "
                + "values divisible by " + m + " counting twice.", PyType.INT, false, null);
    }

    private static ProbeProgram bestElement(SplittableRandom r) {
        String p = pick(r, "nums", "values", "xs"), v = pick(r, "x", "n", "v"), best = pick(r, "best", "top", "m");
        String[] key = switch (r.nextInt(3)) {
            case 0 -> new String[]{"abs(" + v + ") > abs(" + best + ")", "the largest absolute value"};
            case 1 -> new String[]{v + " % 10 > " + best + " % 10", "the largest last digit (modulo 10)"};
            default -> new String[]{v + " < " + best, "the smallest value"};
        };
        String src = "def f(" + p + "):\n    " + best + " = " + p + "[0]\n    for " + v + " in " + p + "[1:]:\n        if " + key[0]
                + ":\n            " + best + " = " + v + "\n    return " + best;
        return program("best_element", src, "Return the first element with " + key[1] + ".", PyType.LIST_INT, true, null);
    }

    private static ProbeProgram firstIndex(SplittableRandom r) {
        String p = pick(r, "nums", "values", "items"), v = pick(r, "x", "n"), i = pick(r, "i", "idx", "pos");
        String[] test = intTest(r, v);
        String none = pick(r, "-1", "len(" + p + ")", "None");
        String src = "def f(" + p + "):\n    for " + i + ", " + v + " in enumerate(" + p + "):\n        if " + test[0] + ":\n            return "
                + i + "\n    return " + none;
        return program("first_index", src, "The index of the first element that is " + test[1] + ", else " + none + ".",
                PyType.LIST_INT, false, null);
    }

    private static ProbeProgram longWords(SplittableRandom r) {
        String p = pick(r, "text", "sentence", "line"), w = pick(r, "w", "word"), acc = pick(r, "kept", "result", "parts");
        int k = 1 + r.nextInt(4);
        String[] map = switch (r.nextInt(3)) {
            case 0 -> new String[]{w + "[::-1]", "reversed"};
            case 1 -> new String[]{w + ".upper()", "upper-cased"};
            default -> new String[]{w + "[0]", "cut to its first letter"};
        };
        String sep = pick(r, " ", "-", "", ",");
        String src = "def f(" + p + "):\n    " + acc + " = []\n    for " + w + " in " + p + ".split():\n        if len(" + w + ") > " + k
                + ":\n            " + acc + ".append(" + map[0] + ")\n    return " + Values.repr(sep) + ".join(" + acc + ")";
        return program("long_words", src, "Join with " + Values.repr(sep) + " the words longer than " + k + ", each " + map[1] + ".",
                PyType.STR, false, " ");
    }

    private static ProbeProgram dedupeAdjacent(SplittableRandom r) {
        String p = pick(r, "nums", "items", "values"), v = pick(r, "x", "v"), acc = pick(r, "result", "out");
        boolean count = r.nextBoolean();
        String src = "def f(" + p + "):\n    " + acc + " = []\n    for " + v + " in " + p + ":\n        if not " + acc + " or " + acc
                + "[-1] != " + v + ":\n            " + acc + ".append(" + v + ")\n    return " + (count ? "len(" + acc + ")" : acc);
        return program("dedupe_adjacent", src, (count ? "Count" : "Return") + " the elements after dropping repeats next to each other.",
                PyType.LIST_INT, false, null);
    }

    private static ProbeProgram digitSum(SplittableRandom r) {
        String p = pick(r, "n", "num", "x"), d = pick(r, "d", "digit", "ch"), acc = pick(r, "total", "s");
        boolean evenOnly = r.nextBoolean();
        String src = "def f(" + p + "):\n    " + acc + " = 0\n    for " + d + " in str(abs(" + p + ")):\n        if "
                + (evenOnly ? "int(" + d + ") % 2 == 0" : d + " != '0'") + ":\n            " + acc + " += int(" + d + ")\n        else:\n            "
                + acc + " += " + (evenOnly ? "1" : "10") + "\n    return " + acc;
        return program("digit_sum", src, evenOnly ? "Add up its even digits, counting each odd digit as 1."
                : "Add up its digits, counting each 0 as 10.", PyType.INT, false, null);
    }

    private static ProbeProgram charCounts(SplittableRandom r) {
        String p = pick(r, "text", "s", "word"), c = pick(r, "ch", "c"), acc = pick(r, "counts", "seen", "freq");
        String[] end = switch (r.nextInt(3)) {
            case 0 -> new String[]{"max(" + acc + ".values()) if " + acc + " else 0", "how often its commonest character occurs"};
            case 1 -> new String[]{"len(" + acc + ")", "how many distinct characters it has"};
            default -> new String[]{"[k for k in " + acc + " if " + acc + "[k] > 1]", "the characters that occur more than once"};
        };
        boolean lower = r.nextBoolean();
        String src = "def f(" + p + "):\n    " + acc + " = {}\n    for " + c + " in " + p + (lower ? ".lower()" : "") + ":\n        if " + c
                + " in " + acc + ":\n            " + acc + "[" + c + "] += 1\n        else:\n            " + acc + "[" + c + "] = 1\n    return " + end[0];
        return program("char_counts", src, "Return " + end[1] + (lower ? ", ignoring case." : "."), PyType.STR, false, null);
    }

    private static ProbeProgram runningTotal(SplittableRandom r) {
        String p = pick(r, "nums", "values", "deltas"), v = pick(r, "x", "n"), acc = pick(r, "total", "running"), out = pick(r, "sums", "out");
        int cap = 5 + r.nextInt(20);
        String src = "def f(" + p + "):\n    " + acc + " = 0\n    " + out + " = []\n    for " + v + " in " + p + ":\n        " + acc + " += " + v
                + "\n        if " + acc + " > " + cap + ":\n            " + acc + " = 0\n        " + out + ".append(" + acc + ")\n    return " + out;
        return program("running_total", src, "The running totals, reset to 0 whenever one exceeds " + cap + ".", PyType.LIST_INT, false, null);
    }

    private static ProbeProgram splitParts(SplittableRandom r) {
        String p = pick(r, "words", "names", "items"), w = pick(r, "w", "word", "s"), a = pick(r, "short", "small"), b = pick(r, "long", "big");
        int k = 2 + r.nextInt(3);
        String src = "def f(" + p + "):\n    " + a + " = []\n    " + b + " = []\n    for " + w + " in " + p + ":\n        if len(" + w + ") <= " + k
                + ":\n            " + a + ".append(" + w + ")\n        else:\n            " + b + ".append(" + w + ")\n    return " + b + " + " + a;
        return program("split_parts", src, "The words longer than " + k + ", then the others, each group in order.", PyType.LIST_STR, false, null);
    }
}
