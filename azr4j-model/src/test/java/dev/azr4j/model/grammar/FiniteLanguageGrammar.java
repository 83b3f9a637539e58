package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A test-only {@link TokenGrammar} whose language is a finite set of byte strings, decided by brute
 * force: a token is allowed when the text so far plus its bytes is a prefix of some sentence; the
 * end-of-sequence token exactly when the text so far is a sentence; tokens with no bytes (special,
 * unused) never. Exact and independent of the grammar engine, so sampler and trainer tests do not
 * depend on it.
 */
public final class FiniteLanguageGrammar implements TokenGrammar {
    private final int vocab;
    private final byte[][] tokenBytes;
    private final int eos;
    private final List<byte[]> sentences;

    public FiniteLanguageGrammar(int vocab, IntFunction<byte[]> bytesOf, int eos, List<byte[]> sentences) {
        this.vocab = vocab;
        this.eos = eos;
        this.sentences = List.copyOf(sentences);
        tokenBytes = new byte[vocab][];
        for (int t = 0; t < vocab; t++) tokenBytes[t] = t == eos ? new byte[0] : bytesOf.apply(t);
    }

    /** The strings {@code sentences} over {@code tok}'s token bytes, ended by its end-of-sequence token. */
    public static FiniteLanguageGrammar of(Tokenizer tok, String... sentences) {
        return new FiniteLanguageGrammar(tok.vocabSize(), id -> tok.isSpecial(id) ? new byte[0] : tok.tokenBytes(id), tok.eosId(),
                Arrays.stream(sentences).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** Sentences of token ids over a vocabulary where token t is the single byte t + 1 (eos: no byte). */
    public static FiniteLanguageGrammar ofTokens(int vocab, int eos, List<int[]> sentences) {
        return new FiniteLanguageGrammar(vocab, t -> new byte[] {(byte) (t + 1)}, eos, sentences.stream().map(s -> {
            byte[] b = new byte[s.length];
            for (int i = 0; i < s.length; i++) b[i] = (byte) (s[i] + 1);
            return b;
        }).toList());
    }

    /** Whether {@code text} is a sentence of the language. */
    public boolean accepts(byte[] text) {
        for (byte[] s : sentences) if (Arrays.equals(s, text)) return true;
        return false;
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public GrammarMatcher newMatcher() {
        return new Matcher();
    }

    private final class Matcher implements GrammarMatcher {
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private boolean ended;

        private boolean isPrefix(byte[] extra, boolean strict) {
            byte[] cur = text.toByteArray();
            int n = cur.length + extra.length;
            for (byte[] s : sentences) {
                if (s.length < n || (strict && s.length == n)) continue;
                if (Arrays.equals(s, 0, cur.length, cur, 0, cur.length)
                        && Arrays.equals(s, cur.length, n, extra, 0, extra.length)) return true;
            }
            return false;
        }

        @Override
        public void fillNextTokenMask(long[] mask) {
            Arrays.fill(mask, 0, (vocab + 63) >>> 6, 0L);
            for (int t = 0; t < vocab; t++) if (allows(t)) mask[t >>> 6] |= 1L << (t & 63);
        }

        @Override
        public boolean accept(int token) {
            if (!allows(token)) return false;
            if (token == eos) ended = true;
            else text.writeBytes(tokenBytes[token]);
            return true;
        }

        @Override
        public boolean canEnd() {
            return !ended && accepts(text.toByteArray());
        }

        @Override
        public boolean isTerminated() {
            return ended || (canEnd() && !isPrefix(new byte[0], true));
        }

        @Override
        public boolean allows(int token) {
            if (ended || token < 0 || token >= vocab) return false;
            if (token == eos) return canEnd();
            return tokenBytes[token].length > 0 && isPrefix(tokenBytes[token], false);
        }
    }
}
