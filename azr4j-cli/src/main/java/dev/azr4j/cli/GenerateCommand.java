package dev.azr4j.cli;

import dev.azr4j.core.grammar.EngineGrammars;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.UserException;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code azr generate}: sample continuations of a prompt given as ids (or text, with a tokenizer),
 * optionally constrained to a grammar ({@code --grammar}, loaded by the grammar engine against the
 * model directory's tokenizer).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sample a continuation from a model; prints the text (the ids when the model directory has no"
                + " tokenizer.json), or with --json {\"ids\": [...], \"text\": ...}; with --samples N, N independent"
                + " samples (one JSON object a line with --json); with --grammar, every sample is a sentence of the grammar"
                + " (or a prefix of one, when --max-tokens cuts it).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "HuggingFace model directory.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--ids", paramLabel = "IDS", description = "Prompt as comma-separated token ids.")
        String ids;

        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text, encoded with the model directory's tokenizer.json.")
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

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the continuation contains this text (repeatable; needs the tokenizer).")
    List<String> stopStrings;

    @Option(names = "--threads", description = "Compute threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object per sample and line: {\"ids\": [...], \"text\": ...,"
            + " \"logprobs\": [...], \"finish_reason\": ...} (stop_token, stop_string, length or grammar_complete); the ids"
            + " keep the stop token that ended a sample, the text is the completion without it.")
    boolean json;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "N",
            description = "Independent samples of the prompt, drawn together as one batch (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--grammar", paramLabel = "FILE|NAME",
            description = "Constrain every sample to a grammar: a GBNF file or the name of a shipped grammar (json,"
                    + " python-literal, python-program, ...); needs the model directory's tokenizer. Log-probabilities"
                    + " are then those of the masked, renormalised distribution.")
    String grammar;

    /** The model directory's tokenizer; null when it has none and none is required. */
    private static Tokenizer tokenizerOf(Path dir, boolean required) throws TokenizerLoadException {
        if (!required && !Files.isRegularFile(dir.resolve("tokenizer.json"))) return null;
        return Tokenizers.load(dir);
    }

    /**
     * The ids whose text is the completion: without the stop token that ended it, which the ids
     * keep (as Hugging Face pipelines, llama.cpp and the OpenAI API return the text).
     */
    static int[] completionIds(Completion c, Set<Integer> stops) {
        int[] ids = c.ids();
        boolean stopped = c.finishReason() == Completion.FinishReason.STOP_TOKEN && ids.length > 0 && stops.contains(ids[ids.length - 1]);
        return stopped ? java.util.Arrays.copyOf(ids, ids.length - 1) : ids;
    }

    @Override
    public Integer call() {
        try {
            if (samples < 1) throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
            if (maxTokens < 0) throw new IllegalArgumentException("--max-tokens must be >= 0, got " + maxTokens);
            Tokenizer tokenizer = tokenizerOf(model, prompt.text != null || stopStrings != null || grammar != null);
            int[] ids = prompt.text != null ? tokenizer.encode(prompt.text) : EngineSupport.parseIds(prompt.ids);
            if (ids.length == 0) throw new IllegalArgumentException("the prompt is empty");
            // the grammar first: a bad grammar is reported before the model is read
            TokenGrammar constraint = grammar == null ? null : EngineGrammars.load(grammar, tokenizer);
            Transformer m = EngineSupport.load(model, EngineSupport.backend(threads));
            Set<Integer> stops = new HashSet<>(stopIds != null ? stopIds : m.config().eosTokenIds());
            SamplingParams params = new SamplingParams(maxTokens, temperature, topK, topP, seed, stops,
                    stopStrings != null ? stopStrings : List.of(), constraint);
            // N copies of the prompt: one shared prefill, and each sequence draws from its own random stream
            List<int[]> batch = new ArrayList<>(samples);
            for (int i = 0; i < samples; i++) batch.add(ids);
            List<Completion> out = new Sampler(m).generate(batch, params, tokenizer == null ? null : tokenizer::decode);
            ObjectMapper mapper = new ObjectMapper();
            for (Completion c : out) {
                String text = tokenizer == null ? null : tokenizer.decode(completionIds(c, stops));
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    ArrayNode a = o.putArray("ids");
                    for (int id : c.ids()) a.add(id);
                    o.put("text", text);
                    ArrayNode lp = o.putArray("logprobs");
                    for (float v : c.logprobs()) lp.add(v);
                    o.put("finish_reason", c.finishReason().name().toLowerCase(java.util.Locale.ROOT));
                    System.out.println(o);
                } else if (text != null) {
                    System.out.println(text);
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (int id : c.ids()) sb.append(sb.isEmpty() ? "" : ",").append(id);
                    System.out.println(sb);
                }
            }
            return 0;
        } catch (TokenizerLoadException e) {
            System.err.println("azr generate: " + e.getMessage());
            return 2;
        } catch (CheckpointException | IllegalArgumentException | UserException e) {
            System.err.println("azr generate: " + e.getMessage());
            return 2;
        }
    }
}
