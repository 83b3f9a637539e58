package dev.azr4j.serve;

import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.ModelCheckpoint;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.BatchScheduler;
import dev.azr4j.model.tokenizer.ChatTemplate;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The model a server serves: its name, tokenizer, chat template and stop tokens, and the batch
 * scheduler over its current weights. {@link #reload} swaps in a checkpoint; the tokenizer stays.
 */
public final class ServedModel implements AutoCloseable {
    private final String name;
    private final Tokenizer tokenizer;
    private final ChatTemplate chatTemplate;
    private final Set<Integer> stopIds;
    private final Backend backend;
    private final BatchScheduler scheduler;
    private final Object reloadLock = new Object();
    private long nextVersion;

    private ServedModel(String name, Transformer model, Tokenizer tokenizer, Backend backend, String source, int maxRunning) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.backend = backend;
        this.chatTemplate = tokenizer.tokenId("<|im_start|>").isPresent() ? ChatTemplate.qwen() : ChatTemplate.plain();
        Set<Integer> stops = new HashSet<>(model.config().eosTokenIds());
        stops.add(tokenizer.eosId());
        tokenizer.tokenId("<|im_end|>").ifPresent(stops::add);
        this.stopIds = Set.copyOf(stops);
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model only "
                    + model.config().vocabSize());
        }
        this.nextVersion = 2;
        this.scheduler = new BatchScheduler(new BatchScheduler.Weights(model, 1, source), maxRunning);
    }

    /** A HuggingFace or azr4j model directory (config.json, model.safetensors, tokenizer.json). */
    public static ServedModel load(Path dir, String name, Backend backend, int maxRunning) throws CheckpointException {
        if (!Files.isDirectory(dir)) throw new CheckpointException("model directory not found: " + dir);
        Tokenizer tok;
        try {
            tok = Tokenizers.load(dir);
        } catch (TokenizerLoadException e) {
            throw new CheckpointException(e.getMessage());
        }
        Transformer model = ModelCheckpoint.load(dir, backend);
        return new ServedModel(name != null ? name : dir.toAbsolutePath().normalize().getFileName().toString(),
                model, tok, backend, dir.toString(), maxRunning);
    }

    /** An in-memory model (tests, benchmarks). */
    public static ServedModel of(String name, Transformer model, Tokenizer tokenizer, int maxRunning) {
        return new ServedModel(name, model, tokenizer, model.backend(), "memory", maxRunning);
    }

    public String name() {
        return name;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    public Set<Integer> stopIds() {
        return stopIds;
    }

    public BatchScheduler scheduler() {
        return scheduler;
    }

    public BatchScheduler.Weights weights() {
        return scheduler.weights();
    }

    public int contextLength() {
        return weights().model().config().maxPositionEmbeddings();
    }

    /** The prompt ids of {@code text}, with the begin-of-text token Llama checkpoints expect (as training encodes). */
    public int[] encode(String text) {
        int[] ids = tokenizer.encode(text);
        ModelConfig c = weights().model().config();
        int bos = c.bosTokenId();
        if (!c.architecture().equals(ModelConfig.LLAMA) || bos < 0 || bos >= c.vocabSize() || (ids.length > 0 && ids[0] == bos))
            return ids;
        int[] out = new int[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /**
     * Loads the checkpoint in {@code dir} and makes it current; requests in flight finish on the
     * weights they started with. The checkpoint must fit the tokenizer and keep the vocabulary.
     *
     * @throws ApiException 400 with the reason when it cannot be loaded; the old weights stay
     */
    public BatchScheduler.Weights reload(Path dir) {
        synchronized (reloadLock) {
            if (!Files.isDirectory(dir)) throw ApiException.invalid("model_path", "model_path " + dir + " is not a directory");
            Transformer next;
            try {
                next = ModelCheckpoint.load(dir, backend);
            } catch (CheckpointException | RuntimeException e) {
                throw ApiException.invalid("model_path", "cannot load " + dir + ": " + e.getMessage());
            }
            ModelConfig old = weights().model().config(), now = next.config();
            if (now.vocabSize() != old.vocabSize()) {
                throw ApiException.invalid("model_path", "the checkpoint in " + dir + " has a vocabulary of " + now.vocabSize()
                        + " but the served tokenizer and model have " + old.vocabSize());
            }
            BatchScheduler.Weights w = new BatchScheduler.Weights(next, nextVersion++, dir.toString());
            scheduler.swapWeights(w);
            return w;
        }
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
