package dev.azr4j.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Finds, loads and saves the tokenizer of a model directory. */
public final class Tokenizers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BYTE_TOKENIZER_JSON_MAX_SIZE = 64 * 1024;

    private Tokenizers() {}

    /**
     * The tokenizer at {@code path}: a {@code tokenizer.json} file or a directory holding one.
     * The file {@link #save} writes for {@link ByteTokenizer} gives {@link ByteTokenizer#instance()};
     * any other gives a {@link BpeTokenizer}.
     */
    public static Tokenizer load(Path path) throws TokenizerLoadException {
        Path json = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.exists(path)) throw new TokenizerLoadException("tokenizer not found: " + path);
        if (!Files.isRegularFile(json)) throw new TokenizerLoadException("no tokenizer.json in " + path);
        if (isByteTokenizerJson(json)) return ByteTokenizer.instance();
        return BpeTokenizer.fromFile(json);
    }

    private static boolean isByteTokenizerJson(Path json) throws TokenizerLoadException {
        try {
            if (Files.size(json) > BYTE_TOKENIZER_JSON_MAX_SIZE) return false;
            JsonNode node = JSON.readTree(json.toFile());
            return ByteTokenizerFiles.tokenizerJson().equals(node);
        } catch (IOException e) {
            throw new TokenizerLoadException(json + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the files that {@link #load} reads back as {@code tokenizer} and HuggingFace
     * {@code transformers} loads as the same tokenizer: {@code tokenizer.json} and
     * {@code tokenizer_config.json} (for a {@link BpeTokenizer}, copies of the files it was read from).
     */
    public static void save(Tokenizer tokenizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        switch (tokenizer) {
            case ByteTokenizer b -> {
                writeAtomically(dir.resolve("tokenizer.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ByteTokenizerFiles.tokenizerJson()));
                writeAtomically(dir.resolve("tokenizer_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ByteTokenizerFiles.tokenizerConfig()));
            }
            case BpeTokenizer bpe -> {
                copyAtomically(bpe.sourceFile(), dir.resolve("tokenizer.json"));
                Path config = bpe.sourceFile().resolveSibling("tokenizer_config.json");
                if (Files.isRegularFile(config)) copyAtomically(config, dir.resolve("tokenizer_config.json"));
            }
            default -> throw new IllegalArgumentException("cannot save a " + tokenizer.getClass().getSimpleName());
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text + "\n");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyAtomically(Path source, Path target) throws IOException {
        if (Files.isSameFile(source.getParent(), target.getParent()) && source.getFileName().equals(target.getFileName())) return;
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
