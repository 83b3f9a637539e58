package dev.azr4j.eval.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One-line programs {@code def f(x): return <expr>} of a chain of {@code minOps}–{@code maxOps}
 * operations from {@link Ops}, each applied to the previous one's result, typed: the surface-shifted
 * set takes one operation, the compositional set 3–4. A truth value ends a chain; the same operation
 * never follows itself.
 */
final class ChainedPrograms implements ProbeProgram.Source {
    private static final List<PyType> ARGUMENTS = List.of(PyType.INT, PyType.STR, PyType.LIST_INT, PyType.LIST_STR);
    private static final List<String> VARIABLES = List.of("x", "n", "v", "i", "e", "item", "w", "c", "y");

    private final int minOps;
    private final int maxOps;

    ChainedPrograms(int minOps, int maxOps) {
        this.minOps = minOps;
        this.maxOps = maxOps;
    }

    @Override
    public ProbeProgram next(SplittableRandom r) {
        while (true) {
            ProbeProgram p = attempt(r);
            if (p != null) return p;
        }
    }

    private ProbeProgram attempt(SplittableRandom r) {
        int length = minOps + r.nextInt(maxOps - minOps + 1);
        PyType arg = minOps == 1 ? weightedArgument(r) : ARGUMENTS.get(r.nextInt(ARGUMENTS.size()));
        String param = ProbeProgram.parameter(arg, r);
        String expr = param;
        boolean atom = true;
        PyType type = arg;
        List<String> parts = new ArrayList<>();
        List<String> said = new ArrayList<>();
        List<String> vars = new ArrayList<>(List.of(param));
        Op.Step first = null;
        for (int k = 0; k < length; k++) {
            boolean last = k == length - 1;
            PyType from = type;
            String previous = parts.isEmpty() ? null : parts.getLast();
            List<Op> options = Ops.from(from).stream()
                    .filter(o -> last || o.out() != PyType.BOOL)
                    .filter(o -> !o.name().equals(previous))
                    .toList();
            if (options.isEmpty()) return null;
            Op op = options.get(r.nextInt(options.size()));
            Op.Step s = op.draw().apply(r);
            if (first == null) first = s;
            String var = variable(r, vars);
            if (s.pattern().contains("{v}")) vars.add(var);
            expr = s.apply(expr, atom, var);
            atom = s.atom();
            type = op.out();
            parts.add(op.name());
            said.add(s.description());
        }
        if (expr.length() > 90) return null;
        String source = "def f(" + param + "):\n    return " + expr;
        return new ProbeProgram(source, "Apply to the argument: " + String.join(", then ", said) + ".", arg, first.nonEmpty(),
                first.hint(), parts);
    }

    /** For one operation, arguments in proportion to the operations that take them. */
    private static PyType weightedArgument(SplittableRandom r) {
        List<Op> all = Ops.ALL;
        return all.get(r.nextInt(all.size())).in();
    }

    private static String variable(SplittableRandom r, List<String> taken) {
        while (true) {
            String v = VARIABLES.get(r.nextInt(VARIABLES.size()));
            if (!taken.contains(v)) return v;
        }
    }
}
