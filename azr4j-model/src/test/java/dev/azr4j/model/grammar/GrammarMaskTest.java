package dev.azr4j.model.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Masks against brute force: along random walks, every token of the vocabulary is allowed exactly
 * when the independent {@link NaiveRecognizer} says the text so far plus the token is a prefix of a
 * sentence (end of sequence: the text is a sentence); for the byte tokenizer and for a vocabulary of
 * multi-byte tokens cut from sentences (so tokens cross terminals and split UTF-8 characters).
 */
class GrammarMaskTest {
    static final List<String> SPECIALS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (var e : TestGrammars.all().entrySet()) {
            out.add(Arguments.of(e.getKey(), "bytes"));
            if (!e.getKey().equals("special")) out.add(Arguments.of(e.getKey(), "pieces"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void masksMatchBruteForce(String name, String vocabKind) {
        String gbnf = TestGrammars.all().get(name);
        Random rnd = new Random(name.hashCode() * 31L + vocabKind.hashCode());
        NaiveRecognizer probe = new NaiveRecognizer(gbnf, ByteTokenizer.instance());
        Tokenizer tok = vocabKind.equals("bytes") ? ByteTokenizer.instance() : pieces(probe, rnd);
        NaiveRecognizer ref = new NaiveRecognizer(gbnf, tok);
        TokenGrammar tg = Grammars.compile(gbnf, name, tok);
        int prefixes = 0;
        for (int walk = 0; walk < 12; walk++) {
            GrammarMatcher m = tg.newMatcher();
            List<Integer> text = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                int[] prefix = text.stream().mapToInt(Integer::intValue).toArray();
                long[] mask = new long[(tg.vocabSize() + 63) / 64 + 1];
                Arrays.fill(mask, -1L);
                m.fillNextTokenMask(mask);
                prefixes++;
                List<Integer> allowed = new ArrayList<>();
                boolean complete = ref.complete(prefix);
                assertEquals(complete, m.canEnd(), () -> name + ": canEnd after " + show(prefix));
                for (int t = 0; t < tg.vocabSize() + 64; t++) {
                    boolean got = t < mask.length * 64 && (mask[t >>> 6] & (1L << t)) != 0;
                    boolean want = t < tg.vocabSize() && expected(ref, tok, prefix, t, complete);
                    if (got != want) {
                        fail(name + "/" + vocabKind + ": token " + t + " " + show(tok.tokenBytes(t)) + " after " + show(prefix)
                                + ": engine " + got + ", brute force " + want);
                    }
                    if (t < tg.vocabSize()) assertEquals(want, m.allows(t), "allows(" + t + ")");
                    if (want) allowed.add(t);
                }
                boolean onlyEnd = allowed.stream().allMatch(t -> t == tok.eosId());
                assertEquals(complete && onlyEnd, m.isTerminated(), () -> name + ": isTerminated after " + show(prefix));
                if (allowed.isEmpty()) fail(name + ": nothing allowed after " + show(prefix));
                List<Integer> moves = allowed.stream().filter(t -> t != tok.eosId()).toList();
                int t = moves.isEmpty() || (complete && rnd.nextInt(8) == 0) ? tok.eosId() : moves.get(rnd.nextInt(moves.size()));
                int refused = pickRefused(tok, allowed, rnd);
                if (refused >= 0) {
                    assertFalse(m.accept(refused), "accepts refused token " + refused);
                }
                assertTrue(m.accept(t), "accept(" + t + ")");
                if (t == tok.eosId()) {
                    assertTrue(m.isTerminated());
                    break;
                }
                if (tok.isSpecial(t)) text.add(256 + t);
                else for (byte b : tok.tokenBytes(t)) text.add(b & 0xff);
            }
        }
        assertTrue(prefixes >= 30, "walks too short: " + prefixes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grammarNames")
    void walksOfTheReferenceAreAccepted(String name) {
        String gbnf = TestGrammars.all().get(name);
        Tokenizer tok = ByteTokenizer.instance();
        NaiveRecognizer ref = new NaiveRecognizer(gbnf, tok);
        TokenGrammar tg = Grammars.compile(gbnf, name, tok);
        Random rnd = new Random(name.hashCode());
        for (int walk = 0; walk < 12; walk++) {
            GrammarMatcher m = tg.newMatcher();
            List<Integer> text = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                int[] prefix = text.stream().mapToInt(Integer::intValue).toArray();
                assertEquals(ref.complete(prefix), m.canEnd());
                if (ref.complete(prefix) && rnd.nextInt(6) == 0) break;
                List<Integer> next = new ArrayList<>();
                for (int sym = 0; sym < 256 + tok.vocabSize(); sym++) {
                    int[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                    longer[prefix.length] = sym;
                    if (sym >= 256 && !tok.isSpecial(sym - 256)) continue;
                    if (ref.viable(longer)) next.add(sym);
                }
                if (next.isEmpty()) break;
                int sym = next.get(rnd.nextInt(next.size()));
                assertTrue(m.accept(sym < 256 ? sym : sym - 256), () -> name + ": refuses " + sym + " after " + show(prefix));
                text.add(sym);
            }
        }
    }

    static Stream<String> grammarNames() {
        return TestGrammars.all().keySet().stream();
    }

    private static boolean expected(NaiveRecognizer ref, Tokenizer tok, int[] prefix, int t, boolean complete) {
        if (t == tok.eosId() && complete) return true;
        int[] add;
        if (tok.isSpecial(t)) add = new int[] {256 + t};
        else {
            byte[] b = tok.tokenBytes(t);
            if (b.length == 0) return false;
            add = new int[b.length];
            for (int i = 0; i < b.length; i++) add[i] = b[i] & 0xff;
        }
        int[] x = Arrays.copyOf(prefix, prefix.length + add.length);
        System.arraycopy(add, 0, x, prefix.length, add.length);
        return ref.viable(x);
    }

    private static int pickRefused(Tokenizer tok, List<Integer> allowed, Random rnd) {
        Set<Integer> a = new HashSet<>(allowed);
        for (int tries = 0; tries < 20; tries++) {
            int t = rnd.nextInt(tok.vocabSize());
            if (!a.contains(t)) return t;
        }
        return -1;
    }

    /** A vocabulary of all single bytes of the grammar's sentences plus random pieces of them (and a few junk tokens). */
    static Tokenizer pieces(NaiveRecognizer ref, Random rnd) {
        Set<String> seen = new HashSet<>();
        List<byte[]> tokens = new ArrayList<>();
        List<int[]> sentences = new ArrayList<>();
        for (int i = 0; i < 12; i++) sentences.add(sentence(ref, rnd));
        for (int[] s : sentences) {
            for (int v : s) add(tokens, seen, new byte[] {(byte) v});
        }
        for (int i = 0; i < 150; i++) {
            int[] s = sentences.get(rnd.nextInt(sentences.size()));
            if (s.length < 2) continue;
            int len = 2 + rnd.nextInt(Math.min(6, s.length - 1));
            int from = rnd.nextInt(s.length - len + 1);
            byte[] b = new byte[len];
            for (int k = 0; k < len; k++) b[k] = (byte) s[from + k];
            add(tokens, seen, b);
        }
        for (String junk : List.of("zz", "\"\"", "{}", "ab", "\u00e9", "\u03b1\u03b2", "12", " ")) add(tokens, seen, junk.getBytes(StandardCharsets.UTF_8));
        return new FakeTokenizer(tokens, SPECIALS);
    }

    private static void add(List<byte[]> tokens, Set<String> seen, byte[] b) {
        if (seen.add(Arrays.toString(b))) tokens.add(b);
    }

    /** A random sentence of the reference's language, over bytes. */
    static int[] sentence(NaiveRecognizer ref, Random rnd) {
        List<Integer> text = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            int[] prefix = text.stream().mapToInt(Integer::intValue).toArray();
            if (ref.complete(prefix) && (rnd.nextInt(4) == 0 || step > 40)) break;
            List<Integer> next = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                int[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                longer[prefix.length] = b;
                if (ref.viable(longer)) next.add(b);
            }
            if (next.isEmpty()) break;
            text.add(next.get(rnd.nextInt(next.size())));
        }
        return text.stream().mapToInt(Integer::intValue).toArray();
    }

    static String show(int[] syms) {
        StringBuilder sb = new StringBuilder("\"");
        for (int s : syms) {
            if (s >= 256) sb.append("<#").append(s - 256).append('>');
            else if (s >= 0x20 && s < 0x7f) sb.append((char) s);
            else sb.append(String.format("\\x%02x", s));
        }
        return sb.append('"').toString();
    }

    static String show(byte[] b) {
        int[] s = new int[b.length];
        for (int i = 0; i < b.length; i++) s[i] = b[i] & 0xff;
        return show(s);
    }
}
