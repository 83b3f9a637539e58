package dev.azr4j.core.curriculum;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The environment's own tasks: random, well-typed one-line programs {@code def f(a): return <expr>}
 * and inputs for them. Written for azr4j (no human-written tasks): an expression is a chain of one to
 * {@code maxOps} operations applied to the argument, each chosen among those that take the type the
 * chain has reached (int, str, list of ints, bool). Outputs come from the executor, never from here.
 *
 * <p>Used for the fixed probe sets ({@link ProbeBuilder}) and, with other seeds, as a zero-data
 * curriculum. Deterministic: the same random stream gives the same programs and inputs.
 */
public final class ProgramGenerator {

    /** The types an expression can have ({@code STRS}, a list of words, only in the broad world). */
    public enum Type { INT, STR, LIST, BOOL, STRS }

    /** What stands for the argument in an expression until the program is written with its argument's name. */
    private static final String ARGUMENT = "\u0000";

    /**
     * A generated program: its source (argument {@code a}), the type of its argument, a plain-words
     * description of what it does, its number of operations, and its expression with the argument
     * left open ({@link #source(String)}).
     */
    public record Program(String source, Type inputType, String description, int ops, String openExpression) {
        /** The program with its argument named {@code name}. */
        public String source(String name) {
            return "def f(" + name + "):\n    return " + openExpression.replace(ARGUMENT, name);
        }
    }

    /**
     * One operation: {@code template} with {@code {x}} for the operand (parenthesised unless atomic),
     * {@code {y}} for the operand where it needs no parentheses (a call's argument, a list element),
     * {@code {k}} for a small int constant in [kMin, kMax], {@code {c}}/{@code {d}} for letters.
     * {@code atomic}: whether the result needs no parentheses as an operand.
     */
    record Op(Type from, Type to, String template, String description, int kMin, int kMax, boolean atomic) {}

    static final String LETTERS = "abcdeor";

    static final List<Op> OPS = List.of(
            // int -> int
            op(Type.INT, Type.INT, "{x} + {k}", "add {k}", 1, 9, false),
            op(Type.INT, Type.INT, "{x} - {k}", "subtract {k}", 1, 9, false),
            op(Type.INT, Type.INT, "{k} - {x}", "subtract it from {k}", 1, 9, false),
            op(Type.INT, Type.INT, "{x} * {k}", "multiply by {k}", 2, 5, false),
            op(Type.INT, Type.INT, "{x} // {k}", "floor-divide by {k}", 2, 5, false),
            op(Type.INT, Type.INT, "{x} % {k}", "take the remainder modulo {k}", 2, 7, false),
            op(Type.INT, Type.INT, "abs({y})", "take the absolute value", 0, 0, true),
            op(Type.INT, Type.INT, "-{x}", "negate", 0, 0, false),
            op(Type.INT, Type.INT, "max({y}, {k})", "take the larger of it and {k}", 0, 9, true),
            op(Type.INT, Type.INT, "min({y}, {k})", "take the smaller of it and {k}", 0, 9, true),
            op(Type.INT, Type.INT, "{x} * {x}", "square", 0, 0, false),
            // int -> other
            op(Type.INT, Type.STR, "str({y})", "write it as a string", 0, 0, true),
            op(Type.INT, Type.LIST, "[{y}, {x} + {k}]", "pair it with itself plus {k}", 1, 5, true),
            op(Type.INT, Type.BOOL, "{x} > {k}", "say whether it is greater than {k}", -5, 5, false),
            op(Type.INT, Type.BOOL, "{x} % 2 == 0", "say whether it is even", 0, 0, false),
            // str -> str
            op(Type.STR, Type.STR, "{x}.upper()", "upper-case it", 0, 0, true),
            op(Type.STR, Type.STR, "{x}[::-1]", "reverse it", 0, 0, true),
            op(Type.STR, Type.STR, "{x} + '{c}'", "append '{c}'", 0, 0, false),
            op(Type.STR, Type.STR, "'{c}' + {x}", "prepend '{c}'", 0, 0, false),
            op(Type.STR, Type.STR, "{x} * 2", "repeat it twice", 0, 0, false),
            op(Type.STR, Type.STR, "{x}[1:]", "drop the first character", 0, 0, true),
            op(Type.STR, Type.STR, "{x}[:{k}]", "keep the first {k} characters", 1, 3, true),
            op(Type.STR, Type.STR, "''.join(sorted({y}))", "sort its characters", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.replace('{c}', '{d}')", "replace '{c}' by '{d}'", 0, 0, true),
            // str -> other
            op(Type.STR, Type.INT, "len({y})", "take its length", 0, 0, true),
            op(Type.STR, Type.INT, "{x}.count('{c}')", "count the letter '{c}'", 0, 0, true),
            op(Type.STR, Type.INT, "{x}.find('{c}')", "find the first '{c}' (-1 if none)", 0, 0, true),
            op(Type.STR, Type.LIST, "[len({y}), {x}.count('{c}')]", "list its length and its count of '{c}'", 0, 0, true),
            op(Type.STR, Type.BOOL, "'{c}' in {x}", "say whether it contains '{c}'", 0, 0, false),
            op(Type.STR, Type.BOOL, "{x} == {x}[::-1]", "say whether it is a palindrome", 0, 0, false),
            // list -> list
            op(Type.LIST, Type.LIST, "sorted({y})", "sort it", 0, 0, true),
            op(Type.LIST, Type.LIST, "{x}[::-1]", "reverse it", 0, 0, true),
            op(Type.LIST, Type.LIST, "[v + {k} for v in {x}]", "add {k} to every element", 1, 5, true),
            op(Type.LIST, Type.LIST, "[v * {k} for v in {x}]", "multiply every element by {k}", 2, 4, true),
            op(Type.LIST, Type.LIST, "[v for v in {x} if v > {k}]", "keep the elements greater than {k}", -3, 3, true),
            op(Type.LIST, Type.LIST, "{x} + [{k}]", "append {k}", 0, 9, false),
            op(Type.LIST, Type.LIST, "{x}[1:]", "drop the first element", 0, 0, true),
            op(Type.LIST, Type.LIST, "[v % {k} for v in {x}]", "take every element modulo {k}", 2, 5, true),
            // list -> other
            op(Type.LIST, Type.INT, "len({y})", "take its length", 0, 0, true),
            op(Type.LIST, Type.INT, "sum({y})", "sum it", 0, 0, true),
            op(Type.LIST, Type.INT, "max({y})", "take its largest element", 0, 0, true),
            op(Type.LIST, Type.INT, "min({y})", "take its smallest element", 0, 0, true),
            op(Type.LIST, Type.INT, "{x}[0]", "take its first element", 0, 0, true),
            op(Type.LIST, Type.INT, "{x}[-1]", "take its last element", 0, 0, true),
            op(Type.LIST, Type.INT, "{x}.count({k})", "count the elements equal to {k}", -2, 3, true),
            op(Type.LIST, Type.BOOL, "{k} in {x}", "say whether {k} is in it", -3, 3, false),
            op(Type.LIST, Type.BOOL, "{x} == sorted({x})", "say whether it is sorted", 0, 0, false),
            // bool -> other
            op(Type.BOOL, Type.INT, "int({y})", "turn the truth value into 0 or 1", 0, 0, true),
            op(Type.BOOL, Type.BOOL, "not {x}", "negate the truth value", 0, 0, false),
            op(Type.BOOL, Type.STR, "str({y})", "write the truth value as a string", 0, 0, true));

    /** One row of an operation table (this one and {@link BroadOps}'). */
    static Op op(Type from, Type to, String template, String description, int kMin, int kMax, boolean atomic) {
        return new Op(from, to, template, description, kMin, kMax, atomic);
    }

    private final World world;
    private final int maxOps;

    /** A generator of the narrow world ({@link World#NARROW}). @param maxOps the longest chain of operations, at least 1 */
    public ProgramGenerator(int maxOps) {
        this(World.NARROW, maxOps);
    }

    /** @param maxOps the longest chain of operations, at least 1 */
    public ProgramGenerator(World world, int maxOps) {
        if (maxOps < 1) throw new IllegalArgumentException("maxOps must be >= 1, got " + maxOps);
        this.world = world;
        this.maxOps = maxOps;
    }

    public World world() {
        return world;
    }

    /** A random program: an argument type of the world and a chain of 1..maxOps operations. */
    public Program program(SplittableRandom r) {
        List<Type> inputs = world.arguments();
        Type type = inputs.get(r.nextInt(inputs.size()));
        Type inputType = type;
        int ops = 1 + r.nextInt(maxOps);
        String expr = ARGUMENT;
        boolean atomic = true;
        List<String> steps = new ArrayList<>();
        String letters = world.constantChars();
        for (int i = 0; i < ops; i++) {
            List<Op> choices = new ArrayList<>();
            for (Op o : world.ops()) if (o.from() == type) choices.add(o);
            Op o = choices.get(r.nextInt(choices.size()));
            int k = o.kMax() > o.kMin() ? o.kMin() + r.nextInt(o.kMax() - o.kMin() + 1) : o.kMin();
            char c = letters.charAt(r.nextInt(letters.length()));
            char d = letters.charAt(r.nextInt(letters.length()));
            String template = o.template();
            if (template.contains("{v}")) {   // only the broad world's templates name their element variable
                List<String> names = world.elementNames();
                template = template.replace("{v}", names.get(r.nextInt(names.size())));
            }
            String operand = atomic ? expr : "(" + expr + ")";
            expr = fill(template.replace("{y}", expr), operand, k, c, d);
            steps.add(fill(o.description(), "", k, c, d));
            atomic = o.atomic();
            type = o.to();
        }
        String source = "def f(a):\n    return " + expr.replace(ARGUMENT, "a");
        return new Program(source, inputType, String.join(", then ", steps), ops, expr);
    }

    /** A random input of {@code type}, as Python source: ints in [-20, 20], short words, short int lists. */
    public static String input(Type type, SplittableRandom r) {
        return switch (type) {
            case INT -> Integer.toString(r.nextInt(-20, 21));
            case STR -> {
                int n = 1 + r.nextInt(6);
                StringBuilder s = new StringBuilder("'");
                for (int i = 0; i < n; i++) s.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
                yield s.append('\'').toString();
            }
            case LIST -> {
                int n = 1 + r.nextInt(5);
                StringBuilder s = new StringBuilder("[");
                for (int i = 0; i < n; i++) s.append(i == 0 ? "" : ", ").append(r.nextInt(-9, 10));
                yield s.append(']').toString();
            }
            case BOOL -> r.nextBoolean() ? "True" : "False";
            case STRS -> BroadValues.input(type, r);
        };
    }

    /** The argument type a Python literal is of (an int, a quoted word of letters, a list of ints), if any. */
    public static java.util.Optional<Type> typeOf(String literal) {
        String x = literal == null ? "" : literal.strip();
        if (x.matches("-?\\d{1,9}")) return java.util.Optional.of(Type.INT);
        if (x.matches("'[A-Za-z]*'")) return java.util.Optional.of(Type.STR);
        if (x.matches("\\[\\s*(-?\\d{1,9}\\s*(,\\s*-?\\d{1,9}\\s*)*)?]")) return java.util.Optional.of(Type.LIST);
        return java.util.Optional.empty();
    }

    /**
     * Up to {@code n} distinct inputs of {@code type}, none equal to {@code except} (null: no
     * exception); fewer when the type has too few small values.
     */
    public static List<String> distinctInputs(Type type, int n, String except, SplittableRandom r) {
        return distinct(() -> input(type, r), n, except);
    }

    /** Up to {@code n} distinct draws of {@code draw}, none equal to {@code except} (null: none), in at most 8n tries. */
    static List<String> distinct(java.util.function.Supplier<String> draw, int n, String except) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        String skip = except == null ? null : except.strip();
        for (int tries = 0; out.size() < n && tries < 8 * n; tries++) {
            String x = draw.get();
            if (!x.equals(skip)) out.add(x);
        }
        return new ArrayList<>(out);
    }

    private static String fill(String template, String operand, int k, char c, char d) {
        return template.replace("{x}", operand).replace("{k}", Integer.toString(k))
                .replace("{c}", Character.toString(c)).replace("{d}", Character.toString(d));
    }
}
