package dev.azr4j.cli;

import dev.azr4j.core.grammar.EngineGrammars;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.UserException;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code azr bench decode}: tokens/s of batched KV-cache sampling. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Tokens/s of batched KV-cache sampling (temperature 1, no early stop) on random prompts;"
                + " with --grammar, under a grammar (sequences then stop where the grammar is complete).")
public final class BenchDecodeCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions source;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences sampled together (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "16", description = "Prompt tokens per sequence (default ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--new-tokens", defaultValue = "256", description = "New tokens per sequence (default ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--grammar", paramLabel = "FILE|NAME",
            description = "Sample under this grammar (a GBNF file or a shipped grammar's name), compiled for the"
                    + " model's tokenizer (the byte tokenizer for a preset).")
    String grammar;

    @Option(names = "--overlap-masks", description = "Compute grammar masks on a separate thread during the forward pass.")
    boolean overlapMasks;

    @Override
    public Integer call() {
        try {
            if (batch < 1 || seq < 1 || newTokens < 1) throw new IllegalArgumentException("need --batch, --seq and --new-tokens >= 1");
            Backend backend = source.backend();
            Transformer m = source.load(backend);
            SplittableRandom rng = new SplittableRandom(0);
            List<int[]> prompts = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                int[] ids = new int[seq];
                for (int t = 0; t < seq; t++) ids[t] = rng.nextInt(Math.min(256, m.config().vocabSize()));
                prompts.add(ids);
            }
            TokenGrammar g = grammar == null ? null : EngineGrammars.load(grammar,
                    source.model == null ? ByteTokenizer.instance() : Tokenizers.load(source.model));
            Sampler sampler = new Sampler(m, overlapMasks);
            sampler.generate(prompts, SamplingParams.sample(4, 1.0, 0).withGrammar(g)); // warm-up
            if (repeat < 1) throw new IllegalArgumentException("--repeat must be >= 1");
            double[] runs = new double[repeat];
            long produced = 0;
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                List<Completion> out = sampler.generate(prompts, SamplingParams.sample(newTokens, 1.0, 1 + r).withGrammar(g));
                runs[r] = (System.nanoTime() - t0) / 1e9;
                produced = out.stream().mapToLong(c -> c.ids().length).sum();
            }
            java.util.Arrays.sort(runs);
            double secs = runs[repeat / 2];
            double tps = produced / secs;
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("engine", "azr4j " + backend.describe());
            o.put("model", source.name());
            o.put("batch", batch).put("prompt_len", seq).put("new_tokens", newTokens).put("threads", backend.threads());
            o.put("grammar", grammar).put("overlap_masks", overlapMasks);
            o.put("repeat", repeat).put("seconds", secs).put("tokens_per_s", tps).put("peak_rss_mib", EngineSupport.peakRssMib());
            if (json) System.out.println(o);
            else System.out.printf("azr4j decode %s: %.1f tokens/s (median %.2f s for %d x %d new tokens, %s), peak RSS %.0f MiB%n",
                    o.get("model").asText(), tps, secs, batch, newTokens, backend.describe(), EngineSupport.peakRssMib());
            return 0;
        } catch (CheckpointException | IllegalArgumentException | UserException | TokenizerLoadException e) {
            System.err.println("azr bench decode: " + e.getMessage());
            return 2;
        }
    }
}
