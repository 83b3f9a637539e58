package dev.azr4j.model.nn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.io.SafeTensorsReader;
import dev.azr4j.model.io.SafeTensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * HuggingFace checkpoint directories: {@code config.json} plus {@code model.safetensors} (or
 * shards with {@code model.safetensors.index.json}), fp32/bf16/fp16 on read, fp32 or bf16 on write,
 * in a form {@code transformers} loads ({@code AutoModelForCausalLM.from_pretrained(dir)}).
 */
public final class ModelCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** transformers' default shard size. */
    public static final long MAX_SHARD_BYTES = 5L * 1000 * 1000 * 1000;

    private ModelCheckpoint() {}

    /** Reads a model directory; every tensor must match config.json. */
    public static Transformer load(Path dir, Backend backend) throws CheckpointException {
        if (!Files.isDirectory(dir)) throw new CheckpointException("model directory not found: " + dir);
        ModelConfig config = ModelConfig.read(dir);
        return new Transformer(ModelWeights.fromTensors(config, SafeTensorsReader.readDirectory(dir), dir.toString()), backend);
    }

    /**
     * Writes {@code config.json} and the weights as {@code dtype} into {@code dir} (created if
     * needed). Each file is written beside its target and moved into place.
     */
    public static void save(Transformer model, Path dir, DType dtype) throws IOException {
        save(model, dir, dtype, MAX_SHARD_BYTES);
    }

    /** {@link #save(Transformer, Path, DType)} with shards of at most {@code maxShardBytes}. */
    public static void save(Transformer model, Path dir, DType dtype, long maxShardBytes) throws IOException {
        Files.createDirectories(dir);
        SafeTensorsWriter.writeDirectory(dir, model.weights().tensors(), dtype, maxShardBytes);
        ObjectNode config = model.config().toJson();
        config.put("torch_dtype", dtype.torchName());
        config.put("dtype", dtype.torchName());
        writeAtomically(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        ObjectNode gen = JSON.createObjectNode();
        ModelConfig c = model.config();
        if (c.bosTokenId() >= 0) gen.put("bos_token_id", c.bosTokenId());
        if (!c.eosTokenIds().isEmpty()) {
            if (c.eosTokenIds().size() == 1) gen.put("eos_token_id", c.eosTokenIds().getFirst());
            else c.eosTokenIds().forEach(gen.putArray("eos_token_id")::add);
        }
        writeAtomically(dir.resolve("generation_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(gen));
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
