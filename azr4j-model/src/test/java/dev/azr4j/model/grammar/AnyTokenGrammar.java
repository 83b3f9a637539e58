package dev.azr4j.model.grammar;

import java.util.Arrays;

/** A test-only grammar that allows every token and never terminates: masked decoding must then equal unmasked decoding. */
public record AnyTokenGrammar(int vocabSize) implements TokenGrammar {

    @Override
    public GrammarMatcher newMatcher() {
        return new GrammarMatcher() {
            @Override
            public void fillNextTokenMask(long[] mask) {
                Arrays.fill(mask, 0, (vocabSize + 63) >>> 6, -1L);
                if ((vocabSize & 63) != 0) mask[vocabSize >>> 6] = (1L << (vocabSize & 63)) - 1;
            }

            @Override
            public boolean accept(int token) {
                return allows(token);
            }

            @Override
            public boolean canEnd() {
                return true;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean allows(int token) {
                return token >= 0 && token < vocabSize;
            }
        };
    }
}
