package dev.azr4j.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A checkpoint written by azr4j (the qwen2-tiny fixture read and written again, fp32 and bf16) loads
 * in HuggingFace {@code transformers} with the same weights and logits as the original, and the
 * byte tokenizer's files load as a tokenizer that encodes and decodes like {@link ByteTokenizer}. Needs a
 * Python with torch and transformers: system property {@code azr.torch.python}, env
 * {@code AZR_TORCH_PYTHON}, or {@code /work/venv-torch/bin/python}; skipped otherwise.
 */
class HuggingFaceCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODEL = Path.of(System.getProperty("azr.shared", "../shared"), "models", "qwen2-tiny");
    private static String python;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findPython() throws Exception {
        assumeTrue(Files.isRegularFile(MODEL.resolve("model.safetensors")), "skipped: no qwen2-tiny fixture at " + MODEL);
        python = dev.azr4j.model.testing.TorchPython.require("torch, transformers");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void transformersLoadsWhatAzr4jWrites(DType dtype) throws Exception {
        Map<String, NamedTensor> tensors = SafeTensorsReader.readDirectory(MODEL);
        Path out = Files.createDirectories(tmp.resolve(dtype.name()));
        // bf16 is written in shards (about 100 kB each) so transformers also reads azr4j's index file
        SafeTensorsWriter.writeDirectory(out, tensors.values(), dtype, dtype == DType.F32 ? Long.MAX_VALUE : 100_000);
        assertEquals(dtype == DType.BF16, Files.isRegularFile(out.resolve(SafeTensorsReader.INDEX_FILE)));
        ObjectNode config = (ObjectNode) JSON.readTree(MODEL.resolve("config.json").toFile());
        config.put("dtype", dtype.torchName());
        config.put("torch_dtype", dtype.torchName());
        Files.writeString(out.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));

        Path script = tmp.resolve("compare_logits.py");
        try (InputStream in = getClass().getResourceAsStream("/hf/compare_logits.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(python, script.toString(), MODEL.toAbsolutePath().toString(), out.toString(),
                dtype == DType.F32 ? "fp32" : "bf16").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "compare_logits.py did not finish");
        assertEquals(0, p.exitValue(), output);
        List<String> lines = output.strip().lines().toList();
        JsonNode result = JSON.readTree(lines.getLast());
        assertEquals(0, result.get("missing_keys").size(), output);
        assertEquals(0, result.get("unexpected_keys").size(), output);
        assertTrue(result.get("params_equal").asBoolean(), output);
        assertEquals(0.0, result.get("max_abs_diff").asDouble(), 1e-6, output);
    }

    @Test
    void transformersLoadsTheByteTokenizerAzr4jWrites() throws Exception {
        Path dir = tmp.resolve("bytes");
        Tokenizers.save(ByteTokenizer.instance(), dir);
        List<String> texts = List.of("", "hello world", "héllo wörld ☃ 😀", "<|im_start|>user\nhi<|im_end|>\n<|endoftext|>",
                "  two  spaces\t\ttabs\r\n", "<|im_end", "def f(x):\n    return x * 2\n");
        Path textsFile = Files.writeString(tmp.resolve("texts.json"), JSON.writeValueAsString(texts));
        JsonNode result = runScript("encode_texts.py", dir.toString(), textsFile.toString());
        for (int i = 0; i < texts.size(); i++) {
            int[] ours = ByteTokenizer.instance().encode(texts.get(i));
            JsonNode theirs = result.get("ids").get(i);
            assertEquals(java.util.Arrays.toString(ours), theirs.toString().replace(",", ", "), texts.get(i));
            assertEquals(texts.get(i), result.get("decoded").get(i).asText());
        }
        assertEquals(ByteTokenizer.ENDOFTEXT, result.get("eos_token_id").asInt());
        assertEquals(ByteTokenizer.ENDOFTEXT, result.get("pad_token_id").asInt());
    }

    private JsonNode runScript(String name, String... args) throws Exception {
        Path script = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/hf/" + name)) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new java.util.ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + " did not finish");
        assertEquals(0, p.exitValue(), output);
        return JSON.readTree(output.strip().lines().toList().getLast());
    }
}
