package dev.azr4j.model.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte-level recogniser: a set of parse stacks over the per-rule automata of a {@link Grammar},
 * advanced one byte (or one named token) at a time. A stack is a chain of {@link Frame}s; a set of
 * stacks stands for all parses of the text so far, as the Earley sets of a top-down parser do.
 * Stateless apart from the grammar: states are immutable {@link ParseState}s, so a walk over a
 * token trie backtracks by keeping the parent state.
 */
final class Recognizer {
    final Grammar g;

    Recognizer(Grammar g) {
        this.g = g;
    }

    /** The state at the start of the root rule. */
    ParseState start() {
        return close(new Frame[] {new Frame(g.ruleStart[g.root], null)}, 1);
    }

    /** The state after byte {@code b}, or null when no stack can take it. */
    ParseState advance(ParseState st, int b) {
        Frame[] active = st.active();
        Frame[] seeds = new Frame[active.length];
        int n = 0;
        for (Frame f : active) {
            int t = g.next(f.state, b);
            if (t >= 0) seeds[n++] = new Frame(t, f.parent);
        }
        return n == 0 ? null : close(seeds, n);
    }

    /** The state after byte {@code b} taken by the top of {@code f} alone, or null. */
    ParseState advanceFrame(Frame f, int b) {
        int t = g.next(f.state, b);
        return t < 0 ? null : close(new Frame[] {new Frame(t, f.parent)}, 1);
    }

    /** The state after the named token of symbol {@code symbol}, or null. */
    ParseState advanceSymbol(ParseState st, int symbol) {
        List<Frame> seeds = new ArrayList<>();
        for (Frame f : st.active()) {
            int[] syms = g.tokenSymbol[f.state];
            for (int i = 0; i < syms.length; i++) {
                if (syms[i] == symbol) seeds.add(new Frame(g.tokenTarget[f.state][i], f.parent));
            }
        }
        return seeds.isEmpty() ? null : close(seeds.toArray(new Frame[0]), seeds.size());
    }

    /** The union of two states of the same text. */
    ParseState union(ParseState a, ParseState b) {
        if (a == null) return b;
        if (b == null) return a;
        Frame[] all = new Frame[a.active().length + b.active().length];
        System.arraycopy(a.active(), 0, all, 0, a.active().length);
        System.arraycopy(b.active(), 0, all, a.active().length, b.active().length);
        ParseState c = close(all, all.length);
        return new ParseState(c.active(), c.accepting() || a.accepting() || b.accepting(),
                c.poppedIntoContext() || a.poppedIntoContext() || b.poppedIntoContext());
    }

    /** Expands references and pops final frames of {@code seeds[0..n)}. */
    ParseState close(Frame[] seeds, int n) {
        if (n == 1 && g.plain[seeds[0].state]) return new ParseState(new Frame[] {seeds[0]}, false, false);
        Closure c = CLOSURE.get();
        c.reset();
        for (int i = 0; i < n; i++) c.visit(seeds[i], g);
        return new ParseState(Arrays.copyOf(c.active, c.activeCount), c.accepting, c.popped);
    }

    /**
     * Parse stacks one closure may hold: an ambiguous grammar can double them with every byte
     * (and the mask walks close once per trie node), so past this the text is refused.
     */
    static final int MAX_STACKS = 4096;

    /** Scratch space of {@link #close}, one per thread: closures run once per trie node in the mask walks. */
    private static final ThreadLocal<Closure> CLOSURE = ThreadLocal.withInitial(Closure::new);

    private static final class Closure {
        /** Frames visited, as a small open-addressing set (closures are a handful of frames). */
        Frame[] visited = new Frame[32];
        /** The slots of {@link #visited} in use, so that a reset clears only those. */
        int[] used = new int[16];
        int visitedCount;
        Frame[] active = new Frame[8];
        int activeCount;
        boolean accepting;
        boolean popped;

        void reset() {
            for (int i = 0; i < visitedCount; i++) visited[used[i]] = null;
            visitedCount = 0;
            activeCount = 0;
            accepting = false;
            popped = false;
        }

        /** Adds {@code f} to the visited set; false when it was there. */
        boolean add(Frame f) {
            if (visitedCount >= 4 * MAX_STACKS) throw tooAmbiguous();
            if ((visitedCount + 1) * 2 > visited.length) grow();
            int mask = visited.length - 1;
            for (int i = slot(f, mask); ; i = (i + 1) & mask) {
                Frame v = visited[i];
                if (v == null) {
                    visited[i] = f;
                    if (visitedCount == used.length) used = Arrays.copyOf(used, visitedCount * 2);
                    used[visitedCount++] = i;
                    return true;
                }
                if (v.equals(f)) return false;
            }
        }

        private static int slot(Frame f, int mask) {
            int h = f.hashCode() * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }

        private void grow() {
            Frame[] old = visited;
            visited = new Frame[old.length * 2];
            int mask = visited.length - 1;
            for (int k = 0; k < visitedCount; k++) {
                Frame f = old[used[k]];
                int i = slot(f, mask);
                while (visited[i] != null) i = (i + 1) & mask;
                visited[i] = f;
                used[k] = i;
            }
        }

        static GrammarAmbiguityException tooAmbiguous() {
            return new GrammarAmbiguityException("the grammar is too ambiguous: more than " + MAX_STACKS
                    + " parses of the text at once");
        }

        void visit(Frame f, Grammar g) {
            if (!add(f)) return;
            int s = f.state;
            if (g.consumes[s]) {
                if (activeCount >= MAX_STACKS) throw tooAmbiguous();
                if (activeCount == active.length) active = Arrays.copyOf(active, activeCount * 2);
                active[activeCount++] = f;
            }
            int[] rules = g.refRule[s];
            for (int i = 0; i < rules.length; i++) {
                int t = g.refTarget[s][i];
                // A continuation that can only be popped is left out: the callee returns straight to our caller.
                Frame cont = g.pureFinal[t] ? f.parent : new Frame(t, f.parent);
                visit(new Frame(g.ruleStart[rules[i]], cont), g);
            }
            if (g.isFinal[s]) {
                if (f.parent == null) accepting = true;
                else if (f.parent == Frame.CONTEXT || f.parent == Frame.APPROX) {
                    popped = true;
                    for (int t : g.follow[g.stateRule[s]]) visit(new Frame(t, Frame.APPROX), g);
                } else visit(f.parent, g);
            }
        }
    }
}
