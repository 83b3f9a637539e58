package dev.azr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.UserException;
import dev.azr4j.model.grammar.GrammarException;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.MaskBenchmark;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code azr bench grammar}: compile time and per-token mask time of a grammar along random walks. */
@Command(name = "grammar", mixinStandardHelpOptions = true,
        description = {"Time a grammar: compile it against a tokenizer, then compute the next-token mask at every step of",
                "N random walks through its language (one thread); prints compile time and mask time mean/p50/p99/max."})
public final class BenchGrammarCommand implements Callable<Integer> {
    static final class Vocab {
        @Option(names = "--tokenizer", paramLabel = "FILE", description = "a tokenizer.json, or a model directory holding one")
        Path tokenizer;

        @Option(names = "--bytes", description = "the byte-level tokenizer (272 ids) of models trained from zero")
        boolean bytes;
    }

    @Option(names = "--grammar", required = true, paramLabel = "FILE|NAME",
            description = "a GBNF file, or a shipped grammar: json, python-literal, python-program")
    String grammar;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Vocab vocab;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100", description = "random walks to time (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "200", description = "longest walk in tokens (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "walks (of another seed) that fill the mask caches before timing; 0 times a cold grammar (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the walks (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON object: compile_ms, mask_us_mean, mask_us_p50, mask_us_p99, mask_us_max, tokens, ...")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || maxTokens < 1 || warmup < 0) throw new UserException("--samples and --max-tokens must be at least 1, --warmup at least 0");
        Tokenizer tok;
        try {
            tok = vocab.bytes ? ByteTokenizer.instance() : Tokenizers.load(vocab.tokenizer);
        } catch (TokenizerLoadException e) {
            throw new UserException(e.getMessage());
        }
        MaskBenchmark.Result r;
        try {
            r = MaskBenchmark.run(Grammars.loadSource(grammar), grammar, tok, samples, maxTokens, warmup, seed);
        } catch (GrammarException e) {
            throw new UserException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("grammar", grammar);
            o.put("vocab_size", tok.vocabSize());
            o.put("compile_ms", round(r.compileMs()));
            o.put("warmup_ms", round(r.warmupMs()));
            o.put("mask_us_mean", round(r.maskUsMean()));
            o.put("mask_us_p50", round(r.maskUsP50()));
            o.put("mask_us_p99", round(r.maskUsP99()));
            o.put("mask_us_max", round(r.maskUsMax()));
            o.put("mask_cpu_us_mean", round(r.maskCpuUsMean()));
            o.put("tokens", r.tokens());
            o.put("walks", r.walks());
            o.put("complete_walks", r.completeWalks());
            o.put("cached_masks", r.cachedMasks());
            out.println(o);
        } else {
            out.printf("grammar %s, vocabulary %d ids%n", grammar, tok.vocabSize());
            out.printf("compile      %.1f ms%s%n", r.compileMs(), warmup > 0 ? String.format(" (+ warm-up of %d walks: %.1f ms)", warmup, r.warmupMs()) : "");
            out.printf("mask         mean %.2f us, p50 %.2f us, p99 %.2f us, max %.2f us over %d tokens%n",
                    r.maskUsMean(), r.maskUsP50(), r.maskUsP99(), r.maskUsMax(), r.tokens());
            out.printf("mask CPU     mean %.2f us (thread CPU time: not inflated by time spent descheduled)%n", r.maskCpuUsMean());
            out.printf("walks        %d (%d complete), %d cached masks%n", r.walks(), r.completeWalks(), r.cachedMasks());
        }
        out.flush();
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
