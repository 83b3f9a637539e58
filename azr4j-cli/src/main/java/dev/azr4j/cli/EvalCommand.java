package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.grammar.EngineGrammars;
import dev.azr4j.core.policy.ModelPolicy;
import dev.azr4j.core.policy.ServedPolicy;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.eval.Benchmark;
import dev.azr4j.eval.Benchmarks;
import dev.azr4j.eval.Evaluation;
import dev.azr4j.eval.GenerationsFile;
import dev.azr4j.eval.Generator;
import dev.azr4j.eval.ModelPromptFormat;
import dev.azr4j.eval.PromptFormat;
import dev.azr4j.eval.Summary;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.train.AdamW;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code azr eval}: a benchmark for a model directory, or the grading of generations made elsewhere.
 * Any {@link dev.azr4j.core.policy.Policy} can be evaluated: the model is loaded here as a
 * {@link ModelPolicy} and handed to the evaluation as a {@link Generator}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on a benchmark (cruxeval-o, cruxeval-i, humaneval, mbpp, math, probe), or grade"
                + " generations made elsewhere. Prints a summary; with --out, one JSON row per item and FILE.summary.json,"
                + " and a rerun with the same --out continues where an interrupted one stopped. Data files as published:"
                + " CRUXEval jsonl (probe: the same, each item with \"task\": \"output\" or \"input\", both when absent),"
                + " HumanEval.jsonl(.gz) or HumanEvalPlus.jsonl, MbppPlus.jsonl, the math sets' jsonl.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "Model directory: a checkpoint of azr train or a HuggingFace Qwen2/Llama model.")
        Path model;

        @Option(names = "--generations", paramLabel = "FILE",
                description = "Grade these completions instead of a model's: JSON {id: [completion, ...]} (CRUXEval's"
                        + " raw_generations; a scored file works too) or JSON lines {\"id\":..., \"completions\": [...]}.")
        Path generations;

        @Option(names = "--server", paramLabel = "URL",
                description = "Generate on an OpenAI-compatible server (azr serve, vLLM, SGLang) at URL, e.g. http://127.0.0.1:8000.")
        String server;
    }

    @Option(names = "--api-key", paramLabel = "KEY", description = "The --server's API key (default: rollout.api_key).")
    String apiKey;

    @Option(names = "--bench", required = true, paramLabel = "NAME",
            description = "cruxeval-o, cruxeval-i, humaneval, mbpp, math or probe.")
    String bench;

    @Option(names = "--data", paramLabel = "FILE",
            description = "The benchmark's data file. For probe, also the name of a shipped set: probes-v1 (the default, in distribution),"
                    + " probes-shifted-v1, probes-compositional-v1, probes-multiline-v1 (generalization probes; ./NAME for a file so named).")
    Path data;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Evaluate the first N items only (default: all).")
    int limit;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K", description = "Completions per item; pass@k is reported for k <= K (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "Sampling temperature; 0 = greedy (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P", description = "Nucleus sampling mass (default ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--max-tokens", defaultValue = "512", paramLabel = "N", description = "Maximum new tokens per completion (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "Items generated and graded together (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--out", paramLabel = "FILE", description = "Write one JSON row per item here and the summary to FILE.summary.json; continue an interrupted run.")
    Path out;

    @Option(names = "--prompt-format", defaultValue = "auto", paramLabel = "F",
            description = "auto (a checkpoint of azr train: its own solver prompts; a chat model: its template; else plain), azr, chat, plain.")
    String promptFormat;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (!Benchmarks.NAMES.contains(bench))
            throw new UserException("unknown benchmark '" + bench + "'; known are " + String.join(", ", Benchmarks.NAMES));
        AzrConfig cfg = config.load("default");
        String shipped = shippedName();
        if (shipped != null) data = ProbeFiles.shippedAsFile(shipped);
        Benchmark benchmark = Benchmarks.load(bench, data);
        String label = source.model != null ? source.model.toString()
                : source.server != null ? source.server : source.generations.toString();
        Evaluation.Options options = new Evaluation.Options(limit, samples, temperature, topP, maxTokens, seed, batch, out, label,
                shipped != null ? "the shipped probe set " + ProbeFiles.resource(shipped) : data.toString());
        Map<String, List<String>> given = source.generations != null ? GenerationsFile.read(source.generations) : null;
        try (PythonExecutor executor = PythonExecutor.start(Evaluation.executorOptions(cfg.executor().options(ExecutorOptions.defaults().bannedWords())))) {
            Evaluation evaluation = new Evaluation(benchmark, options, executor);
            Summary summary;
            if (given != null) {
                summary = evaluation.score(given);
            } else if (source.server != null) {
                try (ServedPolicy policy = new ServedPolicy(served(cfg.rollout()))) {
                    summary = evaluation.run(Generator.of(policy), serverPromptFormat());
                }
            } else {
                Backend backend = EngineSupport.backend(threads);
                try (ModelPolicy policy = ModelPolicy.load(source.model, backend, new AdamW.Hyper(0.9, 0.999, 1e-8, 0), 1,
                        DType.F32, false, false)) {
                    boolean byteLevel = policy.tokenizer() instanceof ByteTokenizer;
                    boolean chat = policy.tokenizer().tokenId("<|im_start|>").isPresent();
                    PromptFormat format = ModelPromptFormat.choose(promptFormat, source.model, byteLevel, chat);
                    summary = evaluation.run(generator(policy, format), format);
                } finally {
                    if (backend instanceof AutoCloseable c) c.close();
                }
            }
            console.print(summary.table());
            if (out != null) console.println("rows: " + out + "  summary: " + Evaluation.summaryFile(out));
            console.flush();
        }
        return 0;
    }

    /**
     * The model as a generator: a checkpoint of azr train asked with its own solver prompts also
     * answers under the grammars its solvers were trained with (its prompt.json says which).
     */
    private Generator generator(ModelPolicy policy, PromptFormat format) throws java.io.IOException {
        CheckpointPrompt trained = format.kind() == PromptFormat.Kind.AZR ? CheckpointPrompt.read(source.model) : null;
        if (trained == null || trained.solverGrammars().isEmpty()) return Generator.of(policy);
        policy.withGrammarCompiler(EngineGrammars.COMPILER);
        return Generator.constrained(policy, trained);
    }

    /** The shipped probe set --data names (probes-v1 when it is absent), or null for a file; other benchmarks need --data. */
    private String shippedName() {
        if (data == null) {
            if (!bench.equals("probe")) throw new UserException("--data FILE is required for --bench " + bench);
            return ProbeFiles.DEFAULT;
        }
        return bench.equals("probe") && ProbeFiles.isShipped(data.toString()) ? data.toString() : null;
    }

    /** The rollout settings with --server (and --api-key) in place of the configured servers. */
    private RolloutConfig served(RolloutConfig r) {
        return new RolloutConfig(List.of(source.server), r.kind(), apiKey != null ? apiKey : r.apiKey(), r.modelName(), r.timeoutMs(),
                r.retries(), r.backoffMs(), r.maxConcurrency(), r.refreshRoute(), r.weightsDir(), r.logprobWarn());
    }

    /** A served model's directory is not at hand: auto means plain prompts; azr means the full-style solver prompts. */
    private PromptFormat serverPromptFormat() {
        return switch (promptFormat) {
            case "auto", "plain" -> PromptFormat.plain();
            case "chat" -> PromptFormat.chat();
            case "azr" -> PromptFormat.azr(PromptStyle.FULL, ExecutorOptions.DEFAULT_BANNED_WORDS);
            default -> throw new UserException("--prompt-format must be auto, azr, chat or plain, got '" + promptFormat + "'");
        };
    }
}
