package dev.azr4j.core.curriculum;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.model.grammar.Grammar;
import dev.azr4j.model.grammar.GrammarException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
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
 * aimed at the programs the proposer actually gets wrong.
 */
public final class HindsightRepairs {
    /** Most one-constant edits tried per constant program. */
    public static final int MAX_EDITS = 8;
    /** The ints an edit may put in: every constant the program language uses. */
    private static final int K_MIN = -5, K_MAX = 9;
    private static final Pattern INT = Pattern.compile("(?<![\\w.\\]])-?\\d+(?![\\w.])");
    private static final Pattern LETTER = Pattern.compile("'([a-z])'");

    private final Map<String, Optional<Grammar>> grammars = new HashMap<>();

    /**
     * Up to {@code max} distinct programs that differ from {@code expr} in one constant (an int
     * literal, or a quoted letter of the environment's alphabet), in random order.
     */
    public static List<String> literalEdits(String expr, int max, SplittableRandom rng) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = INT.matcher(expr);
        while (m.find()) {
            int k = Integer.parseInt(m.group());
            for (int v = K_MIN; v <= K_MAX; v++) if (v != k) out.add(expr.substring(0, m.start()) + v + expr.substring(m.end()));
        }
        m = LETTER.matcher(expr);
        while (m.find()) {
            for (char c : ProgramGenerator.LETTERS.toCharArray()) {
                if (c != m.group(1).charAt(0)) out.add(expr.substring(0, m.start(1)) + c + expr.substring(m.end(1)));
            }
        }
        List<String> all = new ArrayList<>(out);
        for (int i = all.size() - 1; i > 0; i--) java.util.Collections.swap(all, i, rng.nextInt(i + 1));
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
