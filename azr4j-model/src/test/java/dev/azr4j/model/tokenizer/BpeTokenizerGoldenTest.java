package dev.azr4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Qwen3 tokenizer against ids produced by HuggingFace {@code tokenizers} ({@code golden.jsonl}). */
class BpeTokenizerGoldenTest {
    static final Path DIR = Path.of(System.getProperty("azr.shared", "../shared"), "tokenizers", "qwen3");
    static BpeTokenizer tok;
    static final List<String> texts = new ArrayList<>();
    static final List<int[]> golden = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(Files.isRegularFile(DIR.resolve("tokenizer.json")), "skipped: no Qwen3 tokenizer fixture at " + DIR);
        tok = BpeTokenizer.fromFile(DIR.resolve("tokenizer.json"));
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(DIR.resolve("golden.jsonl"))) {
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            texts.add(n.get("text").asText());
            int[] ids = new int[n.get("ids").size()];
            for (int i = 0; i < ids.length; i++) ids[i] = n.get("ids").get(i).asInt();
            golden.add(ids);
        }
    }

    @Test
    void everyGoldenLineEncodesExactly() {
        assertTrue(texts.size() > 100, "golden file has " + texts.size() + " lines");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] got = tok.encode(texts.get(i));
            if (!java.util.Arrays.equals(golden.get(i), got)) {
                failures.add("line " + (i + 1) + " " + TokenizerTestStrings.escape(texts.get(i).substring(0, Math.min(80, texts.get(i).length())))
                        + "\n  want " + java.util.Arrays.toString(golden.get(i)) + "\n  got  " + java.util.Arrays.toString(got));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + texts.size() + " lines differ");
    }

    @Test
    void goldenIdsDecodeToTheirText() {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            // decode(encode(x)) == x holds for NFC text; NFC normalisation is part of encoding
            String nfc = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
            assertEquals(nfc, tok.decode(golden.get(i)), "line " + (i + 1));
        }
    }

    @Test
    void randomUnicodeRoundTrips() {
        Random rnd = new Random(11);
        for (int i = 0; i < 3000; i++) {
            String s = java.text.Normalizer.normalize(TokenizerTestStrings.randomText(rnd, 60), java.text.Normalizer.Form.NFC);
            assertEquals(s, tok.decode(tok.encode(s)), () -> "round trip of " + TokenizerTestStrings.escape(s));
        }
    }

    @Test
    void anyCodePointsRoundTrip() {
        Random rnd = new Random(12);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = rnd.nextInt(20); n > 0; n--) {
                int cp;
                do {
                    cp = rnd.nextInt(4) == 0 ? rnd.nextInt(0x110000) : rnd.nextInt(0x3000);
                } while (cp >= 0xd800 && cp <= 0xdfff);
                sb.appendCodePoint(cp);
            }
            String s = java.text.Normalizer.normalize(sb, java.text.Normalizer.Form.NFC);
            int[] ids = tok.encode(s);
            assertEquals(s, tok.decode(ids), () -> "round trip of " + TokenizerTestStrings.escape(s));
            for (int id : ids) assertTrue(id >= 0 && id < tok.vocabSize());
        }
    }

    @Test
    void concurrentEncodingGivesTheSameIds() throws Exception {
        BpeTokenizer fresh = BpeTokenizer.fromFile(DIR.resolve("tokenizer.json")); // empty word cache, filled by all threads at once
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int k = 0; k < texts.size(); k++) {
                        int i = (k + offset * 37) % texts.size();
                        if (!java.util.Arrays.equals(golden.get(i), fresh.encode(texts.get(i)))) return false;
                    }
                    return true;
                }));
            }
            for (var r : results) assertTrue(r.get());
        }
    }

    @Test
    void streamingDecodeEqualsWholeDecode() {
        for (int[] ids : golden) {
            IncrementalDecoder dec = tok.newDecoder();
            StringBuilder sb = new StringBuilder();
            for (int id : ids) {
                String piece = dec.add(id);
                assertTrue(piece.indexOf('\uFFFD') < 0 || tok.decode(ids).indexOf('\uFFFD') >= 0, "no replacement char mid-stream");
                sb.append(piece);
            }
            sb.append(dec.finish());
            assertEquals(tok.decode(ids), sb.toString());
        }
    }

    @Test
    void specialTokensAreMatchedBeforeBpe() {
        int imStart = tok.tokenId("<|im_start|>").orElseThrow();
        int imEnd = tok.tokenId("<|im_end|>").orElseThrow();
        assertEquals(151644, imStart);
        assertEquals(151645, imEnd);
        assertEquals(151643, tok.tokenId("<|endoftext|>").orElseThrow());
        assertEquals(imEnd, tok.eosId(), "tokenizer_config.json names <|im_end|> as eos");
        assertEquals(151643, tok.padId());
        assertEquals(151669, tok.vocabSize());
        int[] ids = tok.encode("<|im_start|>user\nhi<|im_end|>\n");
        assertEquals(imStart, ids[0]);
        assertEquals(imEnd, ids[ids.length - 2]);
        int[] plain = tok.encode("user\nhi");
        assertArrayEquals(plain, java.util.Arrays.copyOfRange(ids, 1, ids.length - 2));
        assertEquals("<|im_start|>user\nhi<|im_end|>\n", tok.decode(ids));
        assertEquals("user\nhi\n", tok.decode(ids, true));
        // <think> is an added but not special token: matched as one id, kept by skip-special decoding
        int think = tok.tokenId("<think>").orElseThrow();
        assertArrayEquals(new int[] {think}, tok.encode("<think>"));
        assertEquals("<think>", tok.decode(new int[] {think}, true));
        assertTrue(tok.isSpecial(imEnd));
        assertTrue(!tok.isSpecial(think));
        assertTrue(tok.specialTokens().contains("<|im_end|>"));
        // Qwen's embedding has 151936 rows; ids past the tokenizer decode to nothing, as in HF
        assertEquals("hi", tok.decode(new int[] {6023, 151900}));
    }
}
