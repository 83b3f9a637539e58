package dev.azr4j.core.curriculum;

import dev.azr4j.core.curriculum.ProgramGenerator.Op;
import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The surface the environment's programs and values are drawn from ({@code selfplay.curriculum.world}),
 * and with it the proposers' typed program language ({@link ProgramGrammar}): the operations, the
 * constants, the argument and element names, the input values and the literal rules of a proposer's
 * inputs. Two worlds:
 * <ul>
 *   <li>{@link #NARROW} (issue 10): 7 letters, ints in [−20, 20], lists of up to 5 digits, the
 *       argument {@code a}, the element variable {@code v}, 50 operations;</li>
 *   <li>{@link #BROAD} (issue 23): strings over printable ASCII (letters of both cases, digits,
 *       spaces, punctuation), ints up to ±1000 with small ones most often, lists of 0–8 ints, lists
 *       of words, several argument and element names, string methods, slicing with steps,
 *       {@code enumerate}, {@code zip}, {@code range}, generator expressions and conditional
 *       expressions; and a proposer language one operation deeper than the environment's programs.</li>
 * </ul>
 * Written from the environment's side only: nothing here is read from a probe set.
 */
public final class World {
    /** The issue-10 world, kept bit for bit: the default's runs, its golden records and {@code probes-v1} come from it. */
    public static final World NARROW = new World("narrow", ProgramGenerator.OPS, ProgramGenerator.LETTERS,
            List.of(Type.INT, Type.STR, Type.LIST), List.of("v"), false);
    /** The broad world of issue 23. */
    public static final World BROAD = new World("broad", BroadOps.OPS, BroadOps.CONSTANT_CHARS,
            List.of(Type.INT, Type.STR, Type.LIST, Type.STRS), BroadOps.ELEMENT_NAMES, true);

    private static final Pattern NARROW_STR = Pattern.compile("'[A-Za-z]*'");
    private static final Pattern BROAD_STR = Pattern.compile("'[^'\\\\\\n\\r]*'");
    private static final Pattern INT = Pattern.compile("-?\\d{1,9}");
    private static final Pattern INT_LIST = Pattern.compile("\\[\\s*(-?\\d{1,9}\\s*(,\\s*-?\\d{1,9}\\s*)*)?]");
    private static final Pattern WORD_LIST = Pattern.compile("\\[\\s*'[^'\\\\\\n\\r]*'\\s*(,\\s*'[^'\\\\\\n\\r]*'\\s*)*]");

    private final String id;
    private final List<Op> ops;
    private final String constantChars;
    private final List<Type> arguments;
    private final List<String> elementNames;
    private final boolean broad;

    private World(String id, List<Op> ops, String constantChars, List<Type> arguments, List<String> elementNames, boolean broad) {
        this.id = id;
        this.ops = ops;
        this.constantChars = constantChars;
        this.arguments = arguments;
        this.elementNames = elementNames;
        this.broad = broad;
    }

    /** The world named {@code id} ({@code narrow} or {@code broad}). */
    public static World of(String id) {
        return switch (id == null ? "" : id.toLowerCase(Locale.ROOT)) {
            case "narrow" -> NARROW;
            case "broad" -> BROAD;
            default -> throw new IllegalArgumentException("unknown world '" + id + "' (expected narrow or broad)");
        };
    }

    public String id() {
        return id;
    }

    /** The operations a program chains. */
    public List<Op> ops() {
        return ops;
    }

    /** The characters a one-character string constant ({@code {c}}, {@code {d}}) is drawn from. */
    public String constantChars() {
        return constantChars;
    }

    /** The types a program's argument can have. */
    public List<Type> arguments() {
        return arguments;
    }

    /** The names of a comprehension's element variable ({@code {v}}). */
    public List<String> elementNames() {
        return elementNames;
    }

    /** How many operations a proposed or induced program may chain when the environment chains {@code maxOps}. */
    public int proposerDepth(int maxOps) {
        // the narrow world's proposers were fixed at two operations (issue 10); the broad one's reach past the environment
        return broad ? maxOps + 1 : 2;
    }

    /**
     * The name a deduction or abduction program's argument gets: always {@code a} in the narrow
     * world; in the broad one {@code a} half of the time, else a name a programmer gives a value
     * of the type. Draws nothing in the narrow world.
     */
    public String argumentName(Type type, SplittableRandom r) {
        if (!broad || r.nextBoolean()) return "a";
        List<String> names = BroadOps.ARGUMENT_NAMES.get(type);
        return names.get(r.nextInt(names.size()));
    }

    /** A random input of {@code type}, as Python source. */
    public String input(Type type, SplittableRandom r) {
        return broad ? BroadValues.input(type, r) : ProgramGenerator.input(type, r);
    }

    /** Up to {@code n} distinct inputs of {@code type}, none equal to {@code except} (null: none). */
    public List<String> distinctInputs(Type type, int n, String except, SplittableRandom r) {
        return ProgramGenerator.distinct(() -> input(type, r), n, except);
    }

    /** The argument type a Python literal is of, among this world's argument types, if any. */
    public Optional<Type> typeOf(String literal) {
        if (!broad) return ProgramGenerator.typeOf(literal);
        String x = literal == null ? "" : literal.strip();
        if (INT.matcher(x).matches()) return Optional.of(Type.INT);
        if (BROAD_STR.matcher(x).matches()) return Optional.of(Type.STR);
        if (INT_LIST.matcher(x).matches()) return Optional.of(Type.LIST);
        if (WORD_LIST.matcher(x).matches()) return Optional.of(Type.STRS);
        return Optional.empty();
    }

    /** Whether {@code literal} is a string of this world's constant-bearing kind (for literal inputs). */
    boolean isWordLiteral(String literal) {
        return (broad ? BROAD_STR : NARROW_STR).matcher(literal).matches();
    }

    /** The ends of the int inputs' range and of a list element's range, for the gate's edge inputs. */
    int[] intEnds() {
        return broad ? new int[] {-1000, 1000} : new int[] {-20, 20};
    }

    int[] elementEnds() {
        return broad ? new int[] {-100, 100} : new int[] {-9, 9};
    }

    /**
     * The GBNF rules of a proposer's input literals ({@code lit-int}, {@code lit-str},
     * {@code lit-list} and, in the broad world, {@code lit-strs}) and of a string constant
     * ({@code letter}); each admits every input {@link #input} draws.
     */
    public String literalRules() {
        if (!broad) {
            return "letter ::= [" + constantChars + "]\n"
                    + "lit-int ::= \"-\"? [0-9] | \"-\"? [1-9] [0-9]\n"
                    + "lit-str ::= \"'\" [a-z]{1,6} \"'\"\n"
                    + "lit-list ::= \"[\" lit-digit (\", \" lit-digit){0,4} \"]\"\n"
                    + "lit-digit ::= \"-\"? [0-9]\n";
        }
        List<String> letters = new ArrayList<>();
        for (char c : constantChars.toCharArray()) letters.add(gbnfLiteral(Character.toString(c)));
        return "letter ::= " + String.join(" | ", letters) + "\n"
                + "lit-int ::= \"-\"? [0-9] | \"-\"? [1-9] [0-9]{1,3}\n"
                + "lit-str ::= \"'\" lit-char{0," + BroadValues.MAX_STR + "} \"'\"\n"
                + "lit-char ::= [ -&(-\\[\\]-~]\n"
                + "lit-list ::= \"[]\" | \"[\" lit-elem (\", \" lit-elem){0," + (BroadValues.MAX_LIST - 1) + "} \"]\"\n"
                + "lit-elem ::= \"-\"? [0-9] | \"-\"? [1-9] [0-9]{1,2}\n"
                + "lit-strs ::= \"[\" lit-word (\", \" lit-word){0," + (BroadValues.MAX_WORDS - 1) + "} \"]\"\n"
                + "lit-word ::= \"'\" [a-zA-Z]{1," + BroadValues.MAX_WORD + "} \"'\"\n";
    }

    /**
     * Whether a solver can write {@code value} (a Python literal as the executor prints it) under
     * the answer grammar's bounds: strings of at most 24 characters, containers of at most 8
     * elements nested at most 3 deep. Every narrow-world value fits; the broad world's environment
     * leaves out tasks whose input or output does not.
     */
    public boolean writable(String value) {
        if (!broad) return true;
        int depth = 0;
        java.util.ArrayDeque<int[]> counts = new java.util.ArrayDeque<>();   // elements so far of each open container
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1, chars = 0;
                while (end < value.length() && value.charAt(end) != c) {
                    if (value.charAt(end) == '\\') end++;
                    end++;
                    chars++;
                }
                if (chars > 24) return false;
                i = end;
            } else if (c == '[' || c == '(' || c == '{') {
                if (++depth > 3) return false;
                counts.push(new int[] {0});
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
                counts.pop();
            } else if (c == ',' && !counts.isEmpty() && ++counts.peek()[0] >= 8) {
                return false;
            }
        }
        return true;
    }

    static String gbnfLiteral(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return id;
    }
}
