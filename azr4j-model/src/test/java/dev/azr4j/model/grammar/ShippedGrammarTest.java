package dev.azr4j.model.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped grammars compile, and random walks under them (byte tokenizer and the Qwen3
 * vocabulary) give sentences: JSON samples parse with Jackson; on the Qwen vocabulary sampled
 * tokens of every mask are checked against the naive recogniser.
 */
class ShippedGrammarTest {
    static final Path QWEN = Path.of(System.getProperty("azr.shared", "../shared"), "tokenizers", "qwen3", "tokenizer.json");

    /** A random walk of up to {@code maxTokens} tokens; returns the bytes, ending at an end token when the walk reached one. */
    static byte[] walk(TokenGrammar tg, Tokenizer tok, Random rnd, int maxTokens, List<int[]> prefixesOut) {
        GrammarMatcher m = tg.newMatcher();
        long[] mask = new long[(tg.vocabSize() + 63) / 64];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < maxTokens; i++) {
            if (m.isTerminated()) return out.toByteArray();
            m.fillNextTokenMask(mask);
            List<Integer> allowed = new ArrayList<>();
            for (int t = 0; t < tg.vocabSize(); t++) if ((mask[t >>> 6] & (1L << t)) != 0) allowed.add(t);
            if (allowed.isEmpty()) fail("empty mask after " + out.toString(StandardCharsets.UTF_8));
            // Prefer ending once past half the budget so that most walks give whole sentences.
            int t = m.canEnd() && (i > maxTokens / 2 || rnd.nextInt(10) == 0) ? tok.eosId() : allowed.get(rnd.nextInt(allowed.size()));
            if (t == tok.eosId() && !m.canEnd()) t = allowed.get(0);
            if (t != tok.eosId() && prefixesOut != null) {
                byte[] b = out.toByteArray();
                int[] p = new int[b.length];
                for (int k = 0; k < b.length; k++) p[k] = b[k] & 0xff;
                prefixesOut.add(p);
            }
            assertTrue(m.accept(t));
            if (t == tok.eosId()) return out.toByteArray();
            out.writeBytes(tok.tokenBytes(t));
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "python-literal", "python-program"})
    void shippedGrammarsWalkWithBytes(String name) {
        Tokenizer tok = ByteTokenizer.instance();
        TokenGrammar tg = Grammars.shipped(name, tok);
        NaiveRecognizer ref = new NaiveRecognizer(Grammars.shippedSource(name), tok);
        Random rnd = new Random(7);
        int complete = 0;
        for (int w = 0; w < 40; w++) {
            byte[] s = walk(tg, tok, rnd, 300, null);
            if (s == null) continue;
            complete++;
            int[] syms = new int[s.length];
            for (int k = 0; k < s.length; k++) syms[k] = s[k] & 0xff;
            if (name.equals("python-literal") || name.equals("json")) assertTrue(ref.complete(syms), new String(s, StandardCharsets.UTF_8));
            if (name.equals("json")) assertJson(s);
        }
        assertTrue(complete >= 10, "too few complete walks: " + complete);
    }

    @Test
    void jsonOnQwenMasksAgreeWithTheNaiveRecogniser() throws Exception {
        assumeTrue(Files.isRegularFile(QWEN), "skipped: no Qwen3 tokenizer at " + QWEN);
        Tokenizer tok = Tokenizers.load(QWEN);
        for (String name : List.of("json", "python-literal")) {
            TokenGrammar tg = Grammars.shipped(name, tok);
            NaiveRecognizer ref = new NaiveRecognizer(Grammars.shippedSource(name), tok);
            Random rnd = new Random(11);
            int checked = 0;
            int walks = 0;
            for (int w = 0; w < 12; w++) {
                GrammarMatcher m = tg.newMatcher();
                long[] mask = new long[(tg.vocabSize() + 63) / 64];
                List<Integer> text = new ArrayList<>();
                for (int step = 0; step < 12 && !m.isTerminated(); step++) {
                    m.fillNextTokenMask(mask);
                    int[] prefix = text.stream().mapToInt(Integer::intValue).toArray();
                    List<Integer> allowed = new ArrayList<>();
                    for (int t = 0; t < tg.vocabSize(); t++) if ((mask[t >>> 6] & (1L << t)) != 0) allowed.add(t);
                    List<Integer> sample = new ArrayList<>();
                    for (int k = 0; k < 150; k++) sample.add(rnd.nextInt(tok.vocabSize()));
                    for (int k = 0; k < 60 && !allowed.isEmpty(); k++) sample.add(allowed.get(rnd.nextInt(allowed.size())));
                    for (int t : sample) {
                        boolean got = (mask[t >>> 6] & (1L << t)) != 0;
                        boolean want;
                        if (t == tok.eosId()) want = ref.complete(prefix);
                        else if (tok.isSpecial(t) || tok.tokenBytes(t).length == 0) want = false;
                        else {
                            byte[] b = tok.tokenBytes(t);
                            int[] x = Arrays.copyOf(prefix, prefix.length + b.length);
                            for (int k = 0; k < b.length; k++) x[prefix.length + k] = b[k] & 0xff;
                            want = ref.viable(x);
                        }
                        if (got != want) fail(name + ": token " + t + " " + GrammarMaskTest.show(tok.tokenBytes(t)) + " after "
                                + GrammarMaskTest.show(prefix) + ": engine " + got + ", brute force " + want);
                        checked++;
                    }
                    List<Integer> moves = allowed.stream().filter(t -> t != tok.eosId()).toList();
                    if (moves.isEmpty()) break;
                    int t = moves.get(rnd.nextInt(moves.size()));
                    assertTrue(m.accept(t));
                    for (byte b : tok.tokenBytes(t)) text.add(b & 0xff);
                }
                walks++;
            }
            assertTrue(checked > 1000 && walks == 12, "checked " + checked);
        }
    }

    @Test
    void qwenWalksGiveJsonThatJacksonParses() throws Exception {
        assumeTrue(Files.isRegularFile(QWEN), "skipped: no Qwen3 tokenizer at " + QWEN);
        Tokenizer tok = Tokenizers.load(QWEN);
        TokenGrammar tg = Grammars.shipped("json", tok);
        Random rnd = new Random(5);
        int complete = 0;
        for (int w = 0; w < 30; w++) {
            byte[] s = walk(tg, tok, rnd, 100, null);
            if (s == null) continue;
            complete++;
            assertJson(s);
        }
        assertTrue(complete >= 3, "complete walks: " + complete);
    }

    @Test
    void specialTokensOnlyWhereNamed() throws Exception {
        assumeTrue(Files.isRegularFile(QWEN), "skipped: no Qwen3 tokenizer at " + QWEN);
        Tokenizer tok = Tokenizers.load(QWEN);
        int imEnd = tok.tokenId("<|im_end|>").orElseThrow();
        TokenGrammar tg = Grammars.compile("root ::= \"ok\" <|im_end|> \"\\n\"?", "t", tok);
        GrammarMatcher m = tg.newMatcher();
        assertTrue(!m.allows(imEnd) && !m.allows(tok.eosId()));
        int[] ids = tok.encode("ok");
        for (int id : ids) assertTrue(m.accept(id));
        long[] mask = new long[(tg.vocabSize() + 63) / 64];
        m.fillNextTokenMask(mask);
        int count = 0;
        for (long x : mask) count += Long.bitCount(x);
        assertEquals(1, count);
        assertTrue(m.allows(imEnd) && m.accept(imEnd) && m.canEnd());
        assertTrue(m.accept(tok.eosId()) && m.isTerminated());
    }

    private static void assertJson(byte[] s) {
        try {
            new ObjectMapper().readTree(s);
        } catch (Exception e) {
            fail("not JSON: " + new String(s, StandardCharsets.UTF_8) + ": " + e.getMessage());
        }
    }
}
