package dev.azr4j.core.curriculum;

import dev.azr4j.core.curriculum.ProgramGenerator.Op;
import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language of {@link ProgramGenerator} as GBNF rules: every well-typed chain of at most
 * {@code maxOps} of its operations applied to the argument {@code a}, with any constants and
 * letters (where the generator draws one expression, the grammar allows all of them; an operation
 * that uses its operand twice may use two different sub-chains). A model that proposes programs
 * under these rules writes programs that run on an input of their argument's type, except where a
 * value is out of an operation's domain ({@code max} of an empty list, an index out of range).
 *
 * <p>Rule names: {@code e-X-T-d} (every chain from argument type X to result type T of at most d
 * operations), {@code o-X-T-d} (the same as an operand: parenthesised unless atomic), and
 * {@code expr-X} (any result type, at most {@code maxOps} operations; {@code a} itself included). Literal rules for inputs:
 * {@code lit-int}, {@code lit-str}, {@code lit-list}.
 */
public final class ProgramGrammar {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([xykcd])}");

    private ProgramGrammar() {}

    /** The narrow world's expression and literal rules (no root). */
    public static String rules(int maxOps) {
        return rules(World.NARROW, maxOps);
    }

    /**
     * The expression and literal rules (no root) of {@code world}'s programs of at most
     * {@code maxOps} operations. A template's element variable ({@code {v}}) is one name throughout
     * an alternative, one alternative per name of the world, so that no comprehension names an
     * unbound variable.
     */
    public static String rules(World world, int maxOps) {
        if (maxOps < 1) throw new IllegalArgumentException("maxOps must be >= 1, got " + maxOps);
        StringBuilder g = new StringBuilder();
        List<Op> ops = new ArrayList<>();
        for (Op op : world.ops()) {
            if (!op.template().contains("{v}")) ops.add(op);
            else for (String v : world.elementNames()) ops.add(new Op(op.from(), op.to(), op.template().replace("{v}", v),
                    op.description(), op.kMin(), op.kMax(), op.atomic()));
        }
        // atomic[X][T][d] / compound[X][T][d]: whether chains of that kind exist
        int n = Type.values().length;
        boolean[][][] atomic = new boolean[n][n][maxOps + 1], compound = new boolean[n][n][maxOps + 1];
        for (Type x : world.arguments()) {
            atomic[x.ordinal()][x.ordinal()][0] = true;
            g.append(name("at", x, x, 0)).append(" ::= \"a\"\n");
            for (int d = 1; d <= maxOps; d++) {
                for (Type t : Type.values()) {
                    List<String> at = new ArrayList<>(), co = new ArrayList<>();
                    if (atomic[x.ordinal()][t.ordinal()][d - 1]) at.add(name("at", x, t, d - 1));
                    if (compound[x.ordinal()][t.ordinal()][d - 1]) co.add(name("co", x, t, d - 1));
                    for (Op op : ops) {
                        if (op.to() != t) continue;
                        int u = op.from().ordinal();
                        if (!atomic[x.ordinal()][u][d - 1] && !compound[x.ordinal()][u][d - 1]) continue;
                        (op.atomic() ? at : co).add(expand(op, x, op.from(), d - 1));
                    }
                    if (!at.isEmpty()) {
                        atomic[x.ordinal()][t.ordinal()][d] = true;
                        g.append(name("at", x, t, d)).append(" ::= ").append(String.join(" | ", at)).append('\n');
                    }
                    if (!co.isEmpty()) {
                        compound[x.ordinal()][t.ordinal()][d] = true;
                        g.append(name("co", x, t, d)).append(" ::= ").append(String.join(" | ", co)).append('\n');
                    }
                }
            }
            // operand and expression forms of every (type, depth) that has chains
            for (int d = 0; d < maxOps; d++) {
                for (Type t : Type.values()) {
                    boolean a = atomic[x.ordinal()][t.ordinal()][d], c = compound[x.ordinal()][t.ordinal()][d];
                    if (!a && !c) continue;
                    List<String> operand = new ArrayList<>(), expr = new ArrayList<>();
                    if (a) {
                        operand.add(name("at", x, t, d));
                        expr.add(name("at", x, t, d));
                    }
                    if (c) {
                        operand.add("\"(\" " + name("co", x, t, d) + " \")\"");
                        expr.add(name("co", x, t, d));
                    }
                    g.append(name("o", x, t, d)).append(" ::= ").append(String.join(" | ", operand)).append('\n');
                    g.append(name("e", x, t, d)).append(" ::= ").append(String.join(" | ", expr)).append('\n');
                }
            }
            // a program's expression: at most maxOps operations
            List<String> top = new ArrayList<>();
            for (Type t : Type.values()) {
                if (atomic[x.ordinal()][t.ordinal()][maxOps]) top.add(name("at", x, t, maxOps));
                if (compound[x.ordinal()][t.ordinal()][maxOps]) top.add(name("co", x, t, maxOps));
            }
            g.append("expr-").append(id(x)).append(" ::= ").append(String.join(" | ", top)).append('\n');
        }
        g.append(world.literalRules());
        return g.toString();
    }

    /** One operation as a GBNF sequence, its operand a chain of at most {@code d} operations from X to U. */
    private static String expand(Op op, Type x, Type u, int d) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(op.template());
        int last = 0;
        while (m.find()) {
            if (m.start() > last) parts.add(literal(op.template().substring(last, m.start())));
            parts.add(switch (m.group(1)) {
                case "x" -> name("o", x, u, d);
                case "y" -> name("e", x, u, d);
                case "k" -> constants(op.kMin(), op.kMax());
                default -> "letter";
            });
            last = m.end();
        }
        if (last < op.template().length()) parts.add(literal(op.template().substring(last)));
        return "(" + String.join(" ", parts) + ")";
    }

    private static String constants(int lo, int hi) {
        List<String> alts = new ArrayList<>();
        for (int k = lo; k <= hi; k++) alts.add(literal(Integer.toString(k)));
        return "(" + String.join(" | ", alts) + ")";
    }

    private static String literal(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String name(String kind, Type x, Type t, int d) {
        return kind + "-" + id(x) + "-" + id(t) + "-" + d;
    }

    private static String id(Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
