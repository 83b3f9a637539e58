package dev.azr4j.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.io.SafeTensorsReader;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code azr export --gguf}: the file's layout read back here (header, metadata, tensor table,
 * alignment, data), and, where a Python with torch, transformers, gguf and accelerate is found
 * (as {@code HuggingFaceCompatibilityTest} finds one), loaded by transformers' GGUF reader, which
 * follows llama.cpp's names, rotary layouts and tokenizer metadata: the same logits and the same
 * token ids as the checkpoint it came from, for a tied Qwen2 and an untied Llama (whose q/k rows
 * are permuted).
 */
class GgufExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of(System.getProperty("azr.shared", "../shared"), "models");

    @TempDir
    Path tmp;

    /** A copy of a shared fixture with the byte tokenizer's files beside it, as a run's checkpoint has. */
    private Path checkpoint(String fixture) throws IOException {
        Path src = SHARED.resolve(fixture);
        assumeTrue(Files.isRegularFile(src.resolve("model.safetensors")), "skipped: no fixture at " + src);
        Path dir = Files.createDirectories(tmp.resolve(fixture));
        for (String f : List.of("config.json", "model.safetensors")) Files.copy(src.resolve(f), dir.resolve(f));
        Tokenizers.save(ByteTokenizer.instance(), dir);
        return dir;
    }

    @Test
    void theFileIsGgufVersion3WithLlamaCppNamesAndTheCheckpointsData() throws IOException {
        Path dir = checkpoint("qwen2-tiny");
        Path out = tmp.resolve("m.gguf");
        GgufExport.Summary s = GgufExport.write(dir, out);
        assertEquals("qwen2", s.architecture());
        assertEquals(1000, s.tokens());
        Gguf g = Gguf.read(out);
        assertEquals(3, g.version);
        assertEquals("qwen2", g.metadata.get("general.architecture"));
        assertEquals(2L, g.metadata.get("qwen2.block_count"));
        assertEquals(64L, g.metadata.get("qwen2.embedding_length"));
        assertEquals("gpt2", g.metadata.get("tokenizer.ggml.model"));
        @SuppressWarnings("unchecked")
        List<Object> tokens = (List<Object>) g.metadata.get("tokenizer.ggml.tokens");
        assertEquals("\u0100", tokens.get(0));   // byte 0 in the byte-level alphabet
        assertEquals("<|endoftext|>", tokens.get(256));
        assertEquals("[PAD999]", tokens.get(999));
        @SuppressWarnings("unchecked")
        List<Object> types = (List<Object>) g.metadata.get("tokenizer.ggml.token_type");
        assertEquals(List.of(1, 3, 5), List.of(types.get(65), types.get(256), types.get(999)));
        assertTrue(!g.tensors.containsKey("output.weight"), "tied embeddings are not written twice");
        Map<String, NamedTensor> hf = SafeTensorsReader.readDirectory(dir);
        NamedTensor q = hf.get("model.layers.1.self_attn.q_proj.weight");
        assertArrayEquals(new long[] {q.shape()[1], q.shape()[0]}, g.dims.get("blk.1.attn_q.weight"));
        assertArrayEquals(q.data(), g.tensors.get("blk.1.attn_q.weight"));
        assertArrayEquals(hf.get("model.norm.weight").data(), g.tensors.get("output_norm.weight"));
    }

    @Test
    void llamasRotaryRowsArePairedAsLlamaCppPairsThem() {
        // one head of 4 rows: HF pairs (0, 2) and (1, 3); llama.cpp wants them adjacent
        float[] rows = {0, 1, 2, 3, 10, 11, 12, 13};
        assertArrayEquals(new float[] {0, 2, 1, 3, 10, 12, 11, 13}, GgufExport.permuteRotaryRows(rows, 2, 1));
        float[] wide = {0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f};
        assertArrayEquals(new float[] {0, 0.5f, 2, 2.5f, 1, 1.5f, 3, 3.5f}, GgufExport.permuteRotaryRows(wide, 1, 2));
    }

    /** Qwen's own tokenizer (151,643 tokens, 151,387 merges) keeps its merges and gets llama.cpp's "qwen2" split. */
    @Test
    void aQwenTokenizerGoesOverWithItsMergesAndItsSplit() throws IOException {
        Path file = Path.of(System.getProperty("azr.shared", "../shared"), "tokenizers", "qwen3", "tokenizer.json");
        assumeTrue(Files.isRegularFile(file), "skipped: no Qwen tokenizer at " + file);
        JsonNode root = JSON.readTree(file.toFile());
        int size = root.get("model").get("vocab").size() + root.get("added_tokens").size();
        GgufExport.Vocabulary v = GgufExport.Vocabulary.read(file, JSON.createObjectNode(), size);
        assertEquals("qwen2", v.preTokenizer());
        assertEquals(root.get("model").get("merges").size(), v.merges().size());
        assertEquals(size, v.tokens().size());
        int endOfText = v.tokens().indexOf("<|endoftext|>");
        assertEquals(GgufExport.CONTROL, v.types().get(endOfText));
        assertEquals(GgufExport.NORMAL, v.types().get(0));
    }

    @Test
    void aCheckpointWithoutATokenizerIsAClearError() throws IOException {
        Path dir = checkpoint("qwen2-tiny");
        Files.delete(dir.resolve("tokenizer.json"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> GgufExport.write(dir, tmp.resolve("x.gguf")));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("x.gguf")), "nothing is written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny"})
    void transformersReadsTheGgufAsTheCheckpoint(String fixture) throws Exception {
        String python = dev.azr4j.model.testing.TorchPython.require("torch, transformers, gguf, accelerate");
        Path dir = checkpoint(fixture);
        Path out = tmp.resolve(fixture + ".gguf");
        GgufExport.write(dir, out);
        Path script = tmp.resolve("compare_gguf.py");
        try (InputStream in = getClass().getResourceAsStream("/gguf/compare_gguf.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(python, script.toString(), dir.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "compare_gguf.py did not finish");
        assertEquals(0, p.exitValue(), output);
        JsonNode r = JSON.readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(0.0, r.get("max_abs_diff").asDouble(), 1e-5, output);
        assertTrue(r.get("tokens_equal").asBoolean(), output);
        assertEquals(fixture.startsWith("qwen2"), r.get("tie_word_embeddings").asBoolean(), output);
    }

    /** A reader of the GGUF subset the exporter writes (fp32 tensors; string, u32, i32, f32, bool values and arrays). */
    static final class Gguf {
        int version;
        final Map<String, Object> metadata = new LinkedHashMap<>();
        final Map<String, float[]> tensors = new LinkedHashMap<>();
        final Map<String, long[]> dims = new LinkedHashMap<>();

        static Gguf read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            Gguf g = new Gguf();
            assertEquals(0x46554747, b.getInt(), "magic");
            g.version = b.getInt();
            long tensorCount = b.getLong(), kvCount = b.getLong();
            for (long i = 0; i < kvCount; i++) {
                String key = string(b);
                g.metadata.put(key, value(b, b.getInt()));
            }
            Map<String, long[]> offsets = new LinkedHashMap<>();
            for (long i = 0; i < tensorCount; i++) {
                String name = string(b);
                long[] dims = new long[b.getInt()];
                for (int d = 0; d < dims.length; d++) dims[d] = b.getLong();
                assertEquals(0, b.getInt(), name + " is fp32");
                long offset = b.getLong();
                assertEquals(0, offset % 32, name + " is aligned");
                long n = 1;
                for (long d : dims) n *= d;
                g.dims.put(name, dims);
                offsets.put(name, new long[] {offset, n});
            }
            int data = (b.position() + 31) / 32 * 32;
            for (Map.Entry<String, long[]> e : offsets.entrySet()) {
                float[] v = new float[(int) e.getValue()[1]];
                b.position(data + (int) e.getValue()[0]);
                b.asFloatBuffer().get(v);
                g.tensors.put(e.getKey(), v);
            }
            return g;
        }

        private static String string(ByteBuffer b) {
            byte[] s = new byte[(int) b.getLong()];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        private static Object value(ByteBuffer b, int type) {
            return switch (type) {
                case 4 -> (long) b.getInt() & 0xffffffffL;
                case 5 -> b.getInt();
                case 6 -> b.getFloat();
                case 7 -> b.get() != 0;
                case 8 -> string(b);
                case 9 -> {
                    int element = b.getInt();
                    long n = b.getLong();
                    List<Object> items = new java.util.ArrayList<>();
                    for (long i = 0; i < n; i++) items.add(value(b, element));
                    yield items;
                }
                default -> throw new IllegalStateException("value type " + type);
            };
        }
    }
}
