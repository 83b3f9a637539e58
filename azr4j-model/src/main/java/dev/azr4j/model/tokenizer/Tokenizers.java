package dev.azr4j.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds and loads the tokenizer of a model directory. */
public final class Tokenizers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokenizers() {}

    /**
     * The tokenizer at {@code path}: a {@code tokenizer.json} file, or a directory holding one
     * ({@link BpeTokenizer}), or a directory whose {@code tokenizer_config.json} names
     * {@link ByteTokenizer#TOKENIZER_CLASS} ({@link ByteTokenizer}, written by {@link #saveByteTokenizerConfig}).
     */
    public static Tokenizer load(Path path) throws TokenizerLoadException {
        if (Files.isRegularFile(path)) return BpeTokenizer.fromFile(path);
        if (!Files.isDirectory(path)) throw new TokenizerLoadException("tokenizer not found: " + path + " is neither a tokenizer.json file nor a directory");
        Path json = path.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) return BpeTokenizer.fromFile(json);
        Path config = path.resolve("tokenizer_config.json");
        if (Files.isRegularFile(config)) {
            JsonNode node;
            try {
                node = JSON.readTree(config.toFile());
            } catch (IOException e) {
                throw new TokenizerLoadException(config + ": not valid JSON (" + e.getMessage() + ")", e);
            }
            if (ByteTokenizer.TOKENIZER_CLASS.equals(node.path("tokenizer_class").asText())) return ByteTokenizer.instance();
        }
        throw new TokenizerLoadException("no tokenizer in " + path + ": expected tokenizer.json, or tokenizer_config.json with tokenizer_class "
                + ByteTokenizer.TOKENIZER_CLASS);
    }

    /** Writes the {@code tokenizer_config.json} that marks {@code dir} as using the byte tokenizer. */
    public static void saveByteTokenizerConfig(Path dir) throws IOException {
        Files.createDirectories(dir);
        var node = JSON.createObjectNode();
        node.put("tokenizer_class", ByteTokenizer.TOKENIZER_CLASS);
        node.put("eos_token", "<|endoftext|>");
        node.put("pad_token", "<|endoftext|>");
        node.put("vocab_size", ByteTokenizer.VOCAB_SIZE);
        Path tmp = Files.createTempFile(dir, "tokenizer_config", ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        Files.move(tmp, dir.resolve("tokenizer_config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
