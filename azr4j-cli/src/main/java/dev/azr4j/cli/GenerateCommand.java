package dev.azr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code azr generate}: sample one continuation of a prompt given as ids (or text, with a tokenizer). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sample a continuation from a model; prints the text, or with --json {\"ids\": [...], \"text\": ...}.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "HuggingFace model directory.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--ids", paramLabel = "IDS", description = "Prompt as comma-separated token ids.")
        String ids;

        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text (needs the model's tokenizer).")
        String text;
    }

    @Option(names = "--max-tokens", required = true, paramLabel = "N", description = "Maximum new tokens.")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T", description = "0 = greedy (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P", description = "Nucleus sampling mass (default ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Keep the K most likely tokens; 0 = all (default).")
    int topK;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop-id", split = ",", paramLabel = "ID", description = "Stop after any of these token ids (default: the config's eos ids).")
    List<Integer> stopIds;

    @Option(names = "--threads", description = "Compute threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print {\"ids\": [...], \"text\": ..., \"logprobs\": [...], \"finish_reason\": ...}.")
    boolean json;

    @Override
    public Integer call() {
        try {
            if (prompt.text != null) {
                throw new IllegalArgumentException("--prompt needs a tokenizer, which this build cannot load yet; give --ids");
            }
            int[] ids = EngineSupport.parseIds(prompt.ids);
            Transformer m = EngineSupport.load(model, EngineSupport.backend(threads));
            Set<Integer> stops = new HashSet<>(stopIds != null ? stopIds : m.config().eosTokenIds());
            SamplingParams params = new SamplingParams(maxTokens, temperature, topK, topP, seed, stops, List.of());
            Completion c = new Sampler(m).generate(List.of(ids), params).getFirst();
            if (json) {
                ObjectNode out = new ObjectMapper().createObjectNode();
                ArrayNode a = out.putArray("ids");
                for (int id : c.ids()) a.add(id);
                out.putNull("text");
                ArrayNode lp = out.putArray("logprobs");
                for (float v : c.logprobs()) lp.add(v);
                out.put("finish_reason", c.finishReason().name().toLowerCase());
                System.out.println(out);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int id : c.ids()) sb.append(sb.isEmpty() ? "" : ",").append(id);
                System.out.println(sb);
            }
            return 0;
        } catch (CheckpointException | IllegalArgumentException e) {
            System.err.println("azr generate: " + e.getMessage());
            return 2;
        }
    }
}
