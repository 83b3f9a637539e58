package dev.azr4j.model.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * A Thompson automaton for one rule: edges on byte ranges, on references to rules, on vocabulary
 * tokens, and epsilon edges. Only used while compiling, to be determinised into {@link Grammar}'s
 * per-rule automata.
 */
final class RuleNfa {
    static final int EPS = 0;
    static final int BYTES = 1;
    static final int REF = 2;
    static final int TOKEN = 3;

    /** Per state: edges as {kind, a, b, target} (a..b the byte range; a the rule or token symbol). */
    final List<List<int[]>> edges = new ArrayList<>();
    final int start;
    int accept = -1;

    RuleNfa() {
        start = newState();
    }

    int newState() {
        edges.add(new ArrayList<>());
        return edges.size() - 1;
    }

    int size() {
        return edges.size();
    }

    void eps(int from, int to) {
        edges.get(from).add(new int[] {EPS, 0, 0, to});
    }

    void bytes(int from, int lo, int hi, int to) {
        edges.get(from).add(new int[] {BYTES, lo, hi, to});
    }

    void ref(int from, int rule, int to) {
        edges.get(from).add(new int[] {REF, rule, 0, to});
    }

    void token(int from, int symbol, int to) {
        edges.get(from).add(new int[] {TOKEN, symbol, 0, to});
    }
}
