package dev.azr4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Small tokenizer.json variants (written with HF {@code tokenizers} by
 * azr4j-bench/python/make_tokenizer_fixtures.py, with its encodings and decodings as golden data):
 * added-token lstrip/rstrip/single_word/normalized rules, GPT-2 ByteLevel regex with
 * add_prefix_space, ignore_merges and [a, b] merges.
 */
class BpeTokenizerFlagsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path resource(String name) throws Exception {
        Path p = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/tokenizer/" + name)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-prefix", "llama3-style"})
    void matchesHuggingFaceEncodingAndDecoding(String variant) throws Exception {
        BpeTokenizer tok = BpeTokenizer.fromFile(resource(variant + ".tokenizer.json"));
        List<String> failures = new ArrayList<>();
        int lines = 0;
        try (InputStream in = getClass().getResourceAsStream("/tokenizer/" + variant + ".golden.jsonl")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                lines++;
                JsonNode n = JSON.readTree(line);
                String text = n.get("text").asText();
                int[] want = new int[n.get("ids").size()];
                for (int i = 0; i < want.length; i++) want[i] = n.get("ids").get(i).asInt();
                int[] got = tok.encode(text);
                if (!Arrays.equals(want, got)) {
                    failures.add(TokenizerTestStrings.escape(text) + " want " + Arrays.toString(want) + " got " + Arrays.toString(got));
                }
                String decoded = tok.decode(want);
                if (!decoded.equals(n.get("decoded").asText())) {
                    failures.add("decode " + Arrays.toString(want) + " want " + TokenizerTestStrings.escape(n.get("decoded").asText())
                            + " got " + TokenizerTestStrings.escape(decoded));
                }
            }
        }
        assertTrue(lines > 300);
        assertEquals(List.of(), failures, failures.size() + " mismatches");
    }

    @Test
    void eosFallsBackToEndoftextWithoutConfig() throws Exception {
        BpeTokenizer tok = BpeTokenizer.fromFile(resource("gpt2-prefix.tokenizer.json"));
        assertEquals(tok.tokenId("<|endoftext|>").orElseThrow(), tok.eosId());
        assertEquals(tok.eosId(), tok.padId());
        assertEquals(List.of("<|endoftext|>", "<L>", "<R>", "<L"), tok.specialTokens());
    }

    private String refusal(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path p = resource("gpt2-prefix.tokenizer.json");
        ObjectNode root = (ObjectNode) JSON.readTree(p.toFile());
        edit.accept(root);
        Files.writeString(p, JSON.writeValueAsString(root));
        return assertThrows(TokenizerLoadException.class, () -> BpeTokenizer.fromFile(p)).getMessage();
    }

    @Test
    void unsupportedComponentsAreRefusedByName() throws Exception {
        assertTrue(refusal(r -> ((ObjectNode) r.get("model")).put("type", "Unigram")).contains("Unigram"));
        assertTrue(refusal(r -> ((ObjectNode) r.get("normalizer")).put("type", "Lowercase")).contains("Lowercase"));
        assertTrue(refusal(r -> ((ObjectNode) r.get("pre_tokenizer")).put("type", "Whitespace")).contains("Whitespace"));
        assertTrue(refusal(r -> ((ObjectNode) r.get("decoder")).put("type", "WordPiece")).contains("WordPiece"));
        assertTrue(refusal(r -> ((ObjectNode) r.get("post_processor")).put("type", "BertProcessing")).contains("BertProcessing"));
        assertTrue(refusal(r -> ((ObjectNode) r.get("model")).put("byte_fallback", true)).contains("byte_fallback"));
        assertTrue(refusal(r -> r.putObject("truncation").put("max_length", 5)).contains("truncation"));
        assertTrue(refusal(r -> r.putObject("pre_tokenizer").put("type", "Split").put("behavior", "Isolated")
                .putObject("pattern").put("Regex", "\\h+")).contains("\\h"));
        assertTrue(refusal(r -> ((ObjectNode) r.get("model")).putArray("merges").add("a q z")).contains("merge 0"));
    }

    @Test
    void missingAndBrokenFilesAreClearErrors() throws Exception {
        String missing = assertThrows(TokenizerLoadException.class, () -> BpeTokenizer.fromFile(tmp.resolve("none.json"))).getMessage();
        assertTrue(missing.contains("not found"), missing);
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"model\": ");
        String bad = assertThrows(TokenizerLoadException.class, () -> BpeTokenizer.fromFile(broken)).getMessage();
        assertTrue(bad.contains("not valid JSON"), bad);
        assertThrows(TokenizerLoadException.class, () -> Tokenizers.load(tmp));
    }

    @Test
    void savedTokenizersLoadBack() throws Exception {
        Tokenizers.save(ByteTokenizer.instance(), tmp.resolve("bytes"));
        assertEquals(ByteTokenizer.instance(), Tokenizers.load(tmp.resolve("bytes")));
        assertEquals(ByteTokenizer.instance(), Tokenizers.load(tmp.resolve("bytes/tokenizer.json")));
        // the same file read as BPE encodes identically (what HF tokenizers does with it)
        BpeTokenizer asBpe = BpeTokenizer.fromFile(tmp.resolve("bytes/tokenizer.json"));
        java.util.Random rnd = new java.util.Random(2);
        for (int i = 0; i < 500; i++) {
            String s = TokenizerTestStrings.randomText(rnd, 30) + (i % 3 == 0 ? "<|im_end|>" : "") + TokenizerTestStrings.randomText(rnd, 5);
            assertEquals(Arrays.toString(ByteTokenizer.instance().encode(s)), Arrays.toString(asBpe.encode(s)), TokenizerTestStrings.escape(s));
        }
        assertEquals(ByteTokenizer.ENDOFTEXT, asBpe.eosId());

        BpeTokenizer bpe = BpeTokenizer.fromFile(resource("gpt2-prefix.tokenizer.json"));
        Tokenizers.save(bpe, tmp.resolve("bpe"));
        Tokenizer back = Tokenizers.load(tmp.resolve("bpe"));
        assertTrue(back instanceof BpeTokenizer);
        assertEquals(Arrays.toString(bpe.encode("hello <L> world")), Arrays.toString(back.encode("hello <L> world")));
        try (var files = Files.list(tmp.resolve("bpe"))) {
            assertEquals(List.of("tokenizer.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
