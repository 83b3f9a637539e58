package dev.azr4j.model.grammar;

import java.util.Arrays;

/**
 * The {@link GrammarMatcher} of a {@link CompiledTokenGrammar}: the closed parse state of the text so
 * far. After an end token nothing more is allowed: {@link #isTerminated()} is true and
 * {@link #canEnd()} false.
 */
final class TokenMatcher implements GrammarMatcher {
    private final CompiledTokenGrammar cg;
    private ParseState state;
    private boolean ended;

    TokenMatcher(CompiledTokenGrammar cg, ParseState start) {
        this.cg = cg;
        this.state = start;
    }

    @Override
    public void fillNextTokenMask(long[] mask) {
        if (mask.length < cg.words) throw new IllegalArgumentException("mask has " + mask.length + " words, needs " + cg.words);
        Arrays.fill(mask, 0L);
        if (!ended) cg.fillMask(state, mask);
    }

    @Override
    public boolean accept(int token) {
        if (ended) return false;
        if (state.accepting() && cg.isEnd(token)) {
            ended = true;
            return true;
        }
        ParseState next = cg.next(state, token);
        if (next == null) return false;
        state = next;
        return true;
    }

    @Override
    public boolean canEnd() {
        return !ended && state.accepting();
    }

    @Override
    public boolean isTerminated() {
        if (ended) return true;
        if (!state.accepting()) return false;
        Grammar g = cg.grammar;
        boolean uncovered = false;
        for (Frame f : state.active()) {
            if (g.tokenSymbol[f.state].length > 0) return false;
            for (int b = 0; b < 256; b++) {
                if (g.next(f.state, b) < 0) continue;
                if (cg.vocab.byteToken[b] >= 0) return false;
                uncovered = true;
            }
        }
        if (!uncovered) return true;
        // Some continuation byte has no token of its own: decide from the mask.
        long[] mask = new long[cg.words];
        cg.fillMask(state, mask);
        for (int e : cg.endIds) mask[e >>> 6] &= ~(1L << e);
        for (long w : mask) if (w != 0) return false;
        return true;
    }

    @Override
    public boolean allows(int token) {
        if (ended) return false;
        if (state.accepting() && cg.isEnd(token)) return true;
        return cg.next(state, token) != null;
    }
}
