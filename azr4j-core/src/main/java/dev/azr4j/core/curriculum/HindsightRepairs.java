package dev.azr4j.core.curriculum;

import dev.azr4j.core.exec.ExecSink;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.model.grammar.Grammar;
import dev.azr4j.model.grammar.GrammarException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hindsight repairs of rejected proposals (issue 10): what the proposer could have written on the
 * same prompt, found by the environment, to be imitated there. A constant deduction/abduction
 * program ({@code 'd' in (a + 'd')}) becomes the first one-constant edit of it that the gate's
 * inputs tell apart ({@code 'd' in (a + 'c')}); a duplicate becomes the same program on an input no
 * stored task has; induction inputs that all give one output get inputs built from the program's
 * constants, that give another, at their odd places. The rejected proposal stays invalid and keeps
 * its reward: a repair is a target for imitation only, like the environment's own proposals, but
 * aimed at the programs the proposer actually gets wrong. Completions are in the terse format and
 * must be sentences of the proposer's grammar.
 */
public final class HindsightRepairs {
    /** Most one-constant edits tried per constant program. */
    public static final int MAX_EDITS = 8;
    /** Inputs from the program's constants, and drawn ones, tried per induction repair; of those, at most this many put in. */
    private static final int LITERAL_CANDIDATES = 6, DRAWN_CANDIDATES = 4, INDUCTION_SLOTS = 2;
    /** The ints an edit may put in: every constant the program language uses. */
    private static final int K_MIN = -5, K_MAX = 9;
    private static final Pattern INT = Pattern.compile("(?<![\\w.\\]])-?\\d+(?![\\w.])");
    private static final Pattern LETTER = Pattern.compile("'([a-z])'");
    /** The broad world's constants: ints in [-10, 20], any one character of its constant alphabet. */
    private static final int BROAD_K_MIN = -10, BROAD_K_MAX = 20;
    private static final Pattern BROAD_LETTER = Pattern.compile("'([^'\\\\])'");

    private final Map<String, Optional<Grammar>> grammars = new HashMap<>();
    private final World world;

    /** Repairs in the narrow world. */
    public HindsightRepairs() {
        this(World.NARROW);
    }

    /** Repairs whose inputs and constants come from {@code world}. */
    public HindsightRepairs(World world) {
        this.world = world;
    }

    /**
     * The repair of a constant one-line program {@code program} (the terse head and an expression)
     * on {@code input}: its edits run on the input and on {@code extraInputs} (the gate's), and the
     * supplier gives, once they have, the first edit that runs on the input and gives more than one
     * output, as a completion, or null. {@code allowed} filters the edited programs (not a probe's).
     */
    public Supplier<String> constantProgram(String program, String input, List<String> extraInputs, GrammarSource grammar,
                                            Predicate<String> allowed, ExecSink sink, SplittableRandom rng) {
        String expr = TerseFormat.expression(program);
        if (expr == null) return () -> null;
        List<String> inputs = new ArrayList<>();
        inputs.add(input);
        inputs.addAll(extraInputs);
        List<String> edits = new ArrayList<>(), completions = new ArrayList<>();
        for (String e : literalEdits(expr, MAX_EDITS, rng, world)) {
            String completion = allowed.test(TerseFormat.PROGRAM_HEAD + e) ? onInput(TerseFormat.PROGRAM_HEAD + e, input, grammar) : null;
            if (completion == null) continue;
            edits.add(e);
            completions.add(completion);
        }
        String[][] outputs = new String[edits.size()][inputs.size()];
        for (int i = 0; i < edits.size(); i++) {
            for (int j = 0; j < inputs.size(); j++) {
                int a = i, b = j;
                sink.add(new ExecRequest.Validate(TerseFormat.PROGRAM_HEAD + edits.get(i), inputs.get(j)), r -> {
                    if (r.ok() && r.output() != null) outputs[a][b] = r.output();
                });
            }
        }
        return () -> {
            for (int i = 0; i < edits.size(); i++) {
                if (outputs[i][0] != null && Arrays.stream(outputs[i]).filter(Objects::nonNull).distinct().count() > 1)
                    return completions.get(i);
            }
            return null;
        };
    }

    /** A program proposal's completion: one-line {@code program} on {@code input}, or null when its grammar does not allow it. */
    public String onInput(String program, String input, GrammarSource grammar) {
        String completion = TerseFormat.proposal(new Triplet(program, input, "", List.of()));   // null unless a one-line program
        return completion != null && fits(grammar, completion) ? completion : null;
    }

    /**
     * The repair of induction {@code inputs} that all gave one output for {@code program}: inputs
     * from the program's constants and drawn ones run, and the supplier gives, once they have, the
     * inputs with up to two of those that give another output at their odd places, and the
     * proposer's {@code message}, as a completion, or null.
     */
    public Supplier<String> constantInputs(String program, List<String> inputs, String message, GrammarSource grammar,
                                           ExecSink sink, SplittableRandom rng) {
        var type = world.typeOf(inputs.getFirst());
        if (type.isEmpty()) return () -> null;
        List<String> candidates = new ArrayList<>(LiteralInputs.of(program, inputs.getFirst(), type.get(), LITERAL_CANDIDATES, world));
        candidates.addAll(world.distinctInputs(type.get(), DRAWN_CANDIDATES, inputs.getFirst(), rng));
        candidates.removeAll(inputs);
        String[] first = new String[1];
        String[] outputs = new String[candidates.size()];
        sink.add(new ExecRequest.Validate(program, inputs.getFirst()), r -> first[0] = r.ok() ? r.output() : null);
        for (int i = 0; i < candidates.size(); i++) {
            int k = i;
            sink.add(new ExecRequest.Validate(program, candidates.get(i)), r -> {
                if (r.ok() && r.output() != null) outputs[k] = r.output();
            });
        }
        return () -> {
            if (first[0] == null) return null;
            return varyingInputs(inputs, first[0], candidates, Arrays.asList(outputs), INDUCTION_SLOTS).map(in -> {
                String completion = TerseFormat.inductionProposal(
                        new InductionProblem(program, in, Collections.nCopies(in.size(), ""), message, List.of()));
                return completion != null && fits(grammar, completion) ? completion : null;
            }).orElse(null);
        };
    }

    /**
     * Up to {@code max} distinct programs that differ from {@code expr} in one constant (an int
     * literal, or a quoted letter of the environment's alphabet), in random order.
     */
    public static List<String> literalEdits(String expr, int max, SplittableRandom rng) {
        return literalEdits(expr, max, rng, World.NARROW);
    }

    /** As {@link #literalEdits(String, int, SplittableRandom)}, with {@code world}'s constants. */
    public static List<String> literalEdits(String expr, int max, SplittableRandom rng, World world) {
        boolean narrow = world == World.NARROW;
        int kMin = narrow ? K_MIN : BROAD_K_MIN, kMax = narrow ? K_MAX : BROAD_K_MAX;
        Set<String> out = new LinkedHashSet<>();
        Matcher m = INT.matcher(expr);
        while (m.find()) {
            int k = Integer.parseInt(m.group());
            for (int v = kMin; v <= kMax; v++) if (v != k) out.add(expr.substring(0, m.start()) + v + expr.substring(m.end()));
        }
        m = (narrow ? LETTER : BROAD_LETTER).matcher(expr);
        while (m.find()) {
            for (char c : world.constantChars().toCharArray()) {
                if (c != m.group(1).charAt(0)) out.add(expr.substring(0, m.start(1)) + c + expr.substring(m.end(1)));
            }
        }
        List<String> all = new ArrayList<>(out);
        for (int i = all.size() - 1; i > 0; i--) Collections.swap(all, i, rng.nextInt(i + 1));
        return all.subList(0, Math.min(max, all.size()));
    }

    /**
     * The induction inputs with up to {@code slots} of {@code candidates} put at the odd places,
     * those whose output ({@code candidateOutputs}, null where it did not run) differs from
     * {@code constant}, the output every proposed input gave; empty when no candidate differs.
     */
    public static Optional<List<String>> varyingInputs(List<String> inputs, String constant, List<String> candidates,
                                                       List<String> candidateOutputs, int slots) {
        List<String> out = new ArrayList<>(inputs);
        int placed = 0;
        for (int i = 0; i < candidates.size() && placed < slots && 1 + 2 * placed < out.size(); i++) {
            String o = candidateOutputs.get(i);
            if (o == null || o.equals(constant) || inputs.contains(candidates.get(i)) || out.contains(candidates.get(i))) continue;
            out.set(1 + 2 * placed++, candidates.get(i));
        }
        return placed == 0 ? Optional.empty() : Optional.of(out);
    }

    /**
     * Whether {@code completion} is a sentence of {@code grammar} (true without one): a repair the
     * proposer's grammar could not have produced is not one to imitate.
     */
    public boolean fits(GrammarSource grammar, String completion) {
        if (grammar == null) return true;
        if (grammar.gbnf() == null) return false;
        Optional<Grammar> g = grammars.computeIfAbsent(grammar.name() + '\u0000' + grammar.gbnf(), k -> {
            try {
                return Optional.of(Grammar.parse(grammar.gbnf(), grammar.name()));
            } catch (GrammarException e) {
                return Optional.empty();
            }
        });
        return g.isPresent() && g.get().accepts(completion);
    }
}
