package dev.azr4j.cli;

import dev.azr4j.core.config.EvalConfig;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.probe.ProbeBaselines;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.eval.Benchmark;
import dev.azr4j.eval.Benchmarks;
import dev.azr4j.eval.Evaluation;
import dev.azr4j.eval.Generator;
import dev.azr4j.eval.PromptFormat;
import dev.azr4j.eval.Summary;
import dev.azr4j.executor.Executor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eval} section during {@code azr train}: every {@code eval.every} steps each benchmark
 * is run on the policy being trained, with its own solver prompts, and its accuracy becomes
 * {@code eval/NAME/accuracy} in that step's metrics. A benchmark that fails (a missing file, an
 * executor failure) is logged and counted in {@code eval/errors}; the run goes on.
 */
final class TrainingEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingEvaluator.class);

    private final EvalConfig config;
    private final Policy policy;
    private final Executor executor;
    private final PromptFormat format;
    private final long seed;
    private final Map<Integer, Benchmark> loaded = new HashMap<>();
    private final CheckpointPrompt trained;
    private final Map<Integer, Map<String, Object>> probeBaselines = new HashMap<>();

    /** @param trained the prompt style and solver grammars of the run: answers are decoded as a checkpoint of it will be in {@code azr eval} */
    TrainingEvaluator(EvalConfig config, Policy policy, Executor executor, PromptFormat format, CheckpointPrompt trained, long seed) {
        this.config = config;
        this.trained = trained;
        this.policy = policy;
        this.executor = executor;
        this.format = format;
        this.seed = seed;
    }

    Map<String, Object> evaluate(long step) {
        if (config.every() == 0 || config.benches().isEmpty() || step % config.every() != 0) return Map.of();
        long t0 = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        int errors = 0;
        for (int i = 0; i < config.benches().size(); i++) {
            EvalConfig.Bench b = config.benches().get(i);
            String key = "eval/" + key(b);
            try {
                int index = i;
                Benchmark bench = loaded.get(index);
                if (bench == null) {
                    if (b.data() == null && !b.name().equals("probe"))
                        throw new IllegalArgumentException("eval.benches: " + b.name() + " needs a data file");
                    String shipped = shippedProbeSet(b);
                    bench = Benchmarks.load(b.name(), shipped != null ? ProbeFiles.shippedAsFile(shipped) : Path.of(b.data()));
                    loaded.put(index, bench);
                }
                Evaluation.Options o = new Evaluation.Options(b.limit(), 1, b.temperature(), 1.0, b.maxTokens(), seed + step, 16,
                        null, "training step " + step, b.data());
                Summary s = new Evaluation(bench, o, executor).run(Generator.constrained(policy, trained), format);
                m.put(key + "/accuracy", s.accuracy());
                if (b.name().equals("probe")) probeMetrics(m, s, b, index);
                if (s.json().has("accuracy_strict")) m.put(key + "/accuracy_strict", s.json().get("accuracy_strict").asDouble());
                m.put(key + "/unparsed", s.json().path("unparsed").path("samples").asInt());
            } catch (Exception | StackOverflowError e) {
                errors++;
                LOG.warn("step {}: benchmark {} ({}) failed, the run goes on: {}", step, b.name(), b.data(), e.getMessage());
            }
        }
        m.put("eval/errors", errors);
        m.put("time/eval_s", (System.nanoTime() - t0) / 1e9);
        return m;
    }

    /** The shipped probe set a probe bench reads ({@code data} null: probes-v1; else the name it gives), or null for a file. */
    static String shippedProbeSet(EvalConfig.Bench b) {
        if (!b.name().equals("probe")) return null;
        if (b.data() == null) return ProbeFiles.DEFAULT;
        return ProbeFiles.isShipped(b.data()) ? b.data() : null;
    }

    /**
     * {@code probe/T/accuracy} for each probe task (output, input, program), and beside it what a
     * trick scores on the same items: {@code probe/T/best_constant} and {@code probe/T/copy}
     * (stored for a whole shipped set, else measured once by the executor). A probe set other than
     * probes-v1 puts its name after {@code probe/}: {@code probe/probes-shifted-v1/output/accuracy}.
     */
    private void probeMetrics(Map<String, Object> m, Summary s, EvalConfig.Bench b, int index) {
        String prefix = "probe/" + probeSetKey(b);
        for (String task : java.util.List.of(ProbeItem.OUTPUT, ProbeItem.INPUT, ProbeItem.PROGRAM)) {
            if (s.json().has("accuracy_" + task)) m.put(prefix + task + "/accuracy", s.json().get("accuracy_" + task).asDouble());
        }
        Map<String, Object> stored = probeBaselines.get(index);
        if (stored == null) {
            stored = new LinkedHashMap<>();
            java.util.List<ProbeBaselines.Baseline> baselines;
            String shipped = shippedProbeSet(b);
            if (shipped != null && b.limit() == 0) {
                baselines = ProbeFiles.shippedBaselines(shipped);   // stored: measuring them takes minutes of executor time
            } else {
                java.util.List<ProbeItem> items = shipped != null ? ProbeFiles.shipped(shipped) : ProbeFiles.read(Path.of(b.data()));
                if (b.limit() > 0) items = items.subList(0, Math.min(b.limit(), items.size()));
                baselines = ProbeBaselines.measure(items, executor);
            }
            for (ProbeBaselines.Baseline base : baselines) {
                stored.put(prefix + base.task() + "/best_constant", base.bestConstant());
                stored.put(prefix + base.task() + "/copy", base.copy());
            }
            probeBaselines.put(index, stored);
        }
        m.putAll(stored);
    }

    /**
     * "" for probes-v1 and for a file that is the only probe bench (their metrics keep the names they
     * always had), else the set's name or the file's stem and a slash.
     */
    private String probeSetKey(EvalConfig.Bench b) {
        String shipped = shippedProbeSet(b);
        if (ProbeFiles.DEFAULT.equals(shipped)) return "";
        if (shipped != null) return shipped + "/";
        long probes = config.benches().stream().filter(x -> x.name().equals("probe")).count();
        return probes == 1 ? "" : stem(b.data()) + "/";
    }

    private static String stem(String data) {
        String file = Path.of(data).getFileName().toString();
        int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** The bench's name, or name/file-stem when another bench has the same name. */
    private String key(EvalConfig.Bench b) {
        long same = config.benches().stream().filter(x -> x.name().equals(b.name())).count();
        if (same == 1) return b.name();
        if (b.data() == null) return b.name();
        return b.name() + "/" + stem(b.data());
    }
}
