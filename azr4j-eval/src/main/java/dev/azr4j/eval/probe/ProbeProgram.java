package dev.azr4j.eval.probe;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A probe program: its source ({@code def f(...)}), what it does in plain words (the message of a
 * program item), the type of its argument and how to draw one, and the names of the operations or
 * template it was built from (for the coverage tests).
 */
record ProbeProgram(String source, String description, PyType argument, boolean nonEmpty, Object hint, List<String> parts) {
    ProbeProgram {
        parts = List.copyOf(parts);
    }

    /** An argument for this program, as Python source. */
    String input(SplittableRandom r) {
        return Values.literal(argument, r, nonEmpty, hint);
    }

    /** Draws probe programs of one kind. */
    interface Source {
        ProbeProgram next(SplittableRandom r);
    }

    /** Parameter names a programmer gives an argument of type {@code t}. */
    static String parameter(PyType t, SplittableRandom r) {
        List<String> names = switch (t) {
            case INT -> List.of("n", "x", "num", "value", "k");
            case STR -> List.of("s", "text", "word", "line", "name");
            case LIST_INT -> List.of("nums", "xs", "values", "numbers", "lst", "arr", "data");
            case LIST_STR -> List.of("words", "names", "items", "strs", "tokens");
            case BOOL -> List.of("flag");
        };
        return names.get(r.nextInt(names.size()));
    }
}
