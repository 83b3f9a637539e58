package dev.azr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code azr score}: log p(id_t | ids_&lt;t) for t ≥ 1 as JSON. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print per-token log-probabilities of a token sequence (--ids) or a text (--text): {\"logprobs\": [...]} for tokens 1..n-1.")
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "HuggingFace model directory (config.json + model.safetensors).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sequence sequence;

    /** The sequence to score: token ids, or text encoded with the model directory's tokenizer. */
    static final class Sequence {
        @Option(names = "--ids", paramLabel = "IDS", description = "Comma-separated token ids (at least 2).")
        String ids;

        @Option(names = "--text", paramLabel = "TEXT", description = "Text, encoded with the model directory's tokenizer.json (at least 2 tokens).")
        String text;
    }

    @Option(names = "--temperature", defaultValue = "1.0", description = "Divide logits by this before log-softmax (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--entropies", description = "Also print the entropy of each predicted distribution.")
    boolean entropies;

    @Option(names = "--threads", description = "Compute threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        try {
            int[] tokens = sequence.text != null ? Tokenizers.load(model).encode(sequence.text) : EngineSupport.parseIds(sequence.ids);
            if (tokens.length < 2)
                throw new IllegalArgumentException((sequence.text != null ? "--text" : "--ids") + ": need at least 2 tokens to score one");
            Transformer m = EngineSupport.load(model, EngineSupport.backend(threads));
            TokenScores s = TokenScorer.score(m, List.of(tokens), temperature).getFirst();
            ObjectNode out = new ObjectMapper().createObjectNode();
            ArrayNode lp = out.putArray("logprobs");
            for (float v : s.logprobs()) lp.add(v);
            if (entropies) {
                ArrayNode e = out.putArray("entropies");
                for (float v : s.entropies()) e.add(v);
            }
            System.out.println(out);
            return 0;
        } catch (CheckpointException | TokenizerLoadException | IllegalArgumentException e) {
            System.err.println("azr score: " + e.getMessage());
            return 2;
        }
    }
}
