package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SeedTasks;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigLoader;
import dev.azr4j.core.config.ConfigWriter;
import dev.azr4j.core.config.ExecutorConfig;
import dev.azr4j.core.config.ModelConfig;
import dev.azr4j.core.config.OptimConfig;
import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.console.StepProgress;
import dev.azr4j.core.loop.Monitoring;
import dev.azr4j.core.loop.RunState;
import dev.azr4j.core.loop.SelfPlayRun;
import dev.azr4j.core.loop.SelfPlaySettings;
import dev.azr4j.core.loop.SettingsFromConfig;
import dev.azr4j.core.loop.StopSignal;
import dev.azr4j.core.policy.ModelPolicy;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.RemotePolicy;
import dev.azr4j.core.rollout.RolloutServerException;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.eval.PromptFormat;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.train.AdamW;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code azr train}: Absolute Zero self-play into a run directory. Without options it trains the
 * {@code tiny} preset from a randomly initialised byte-level model. Ctrl-C finishes the current
 * step, writes a checkpoint and exits 0, as does the end of {@code run.max_minutes}; {@code --resume}
 * continues from the newest checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model by Absolute Zero self-play.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory (created if missing).")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "Train until step N (run.steps).")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice (run.seed).")
    Long seed;

    @Option(names = "--resume", description = "Continue from the newest complete checkpoint in RUN, with RUN/config.yaml.")
    boolean resume;

    @Option(names = "--model", paramLabel = "DIR", description = "Start from a HuggingFace checkpoint directory (Qwen2/Llama) instead of a new model.")
    Path model;

    @Option(names = "--seed-tasks", paramLabel = "FILE", description = "Seed tasks in the original's JSONL format instead of the identity program.")
    Path seedTasks;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<String> extra = new ArrayList<>();
        if (steps != null) extra.add("run.steps=" + steps);
        if (seed != null) extra.add("run.seed=" + seed);
        if (model != null) extra.add("model.path=" + model);
        if (seedTasks != null) extra.add("selfplay.seed_tasks=" + seedTasks);

        RunDirectory run;
        AzrConfig cfg;
        if (resume) {
            if (config.file != null || config.preset != null)
                throw new UserException("--resume continues with " + out.resolve("config.yaml") + "; leave out --config and --preset (--set and --steps still apply)");
            run = RunDirectory.open(out);
            List<String> overrides = new ArrayList<>(config.overrides);
            overrides.addAll(extra);
            cfg = ConfigLoader.load(Optional.of(run.config()), "default", overrides);
            // every step's random choices derive from the seed in the checkpoint; a new one would be
            // recorded in config.yaml without being used
            long runSeed = ConfigLoader.load(Optional.of(run.config()), "default", List.of()).run().seed();
            if (cfg.run().seed() != runSeed)
                throw new UserException("--resume keeps the run's seed (" + runSeed + "); leave out --seed and run.seed");
        } else {
            if (RunDirectory.holdsRun(out))
                throw new UserException(out + " already holds a run; continue it with --resume or choose another --out");
            cfg = config.load("tiny", extra);
            run = null;   // created once the model and seeds have loaded, so a failed start leaves no run behind
        }

        boolean pretrained = cfg.model().path() != null;
        Monitoring monitoring = Monitoring.of(cfg);   // reads safety.rules before anything starts
        SelfPlaySettings settings = SettingsFromConfig.of(cfg, pretrained);
        TaskBuffers buffers = new TaskBuffers(settings.bufferCap(), settings.capPolicy(), settings.dedup());
        OptimConfig o = cfg.optim();
        AdamW.Hyper hyper = new AdamW.Hyper(o.beta1(), o.beta2(), o.eps(), o.weightDecay());
        DType dtype = cfg.model().dtype() == ModelConfig.Dtype.BF16 ? DType.BF16 : DType.F32;
        Backend backend = backend(cfg.model());
        boolean reference = o.klCoef() > 0;

        RunState start;
        ModelPolicy policy;
        if (resume) {
            SelfPlayRun.Resume r = SelfPlayRun.resume(run, buffers);
            start = r.state();   // the run's own seed: every step's random choices derive from it
            policy = ModelPolicy.load(r.checkpoint(), backend, hyper, o.microBatch(), dtype, reference, true);
            console.println("resuming " + out + " from step " + start.step() + " (" + r.checkpoint().getFileName() + ")");
        } else {
            SeedTasks seeds = seeds(cfg.selfplay().seedTasks());
            buffers.seed(seeds.triplets(), seeds.problems());
            policy = pretrained
                    ? ModelPolicy.load(cfg.model().path(), backend, hyper, o.microBatch(), dtype, reference, false)
                    : ModelPolicy.fromScratch(modelPreset(cfg.model().preset()), cfg.run().seed(), backend, hyper,
                    o.microBatch(), dtype, reference);
            start = new RunState(0, cfg.run().seed(), 0);
            console.println("training " + (pretrained ? cfg.model().path() : "a new '" + cfg.model().preset() + "' model ("
                    + policy.model().config().parameterCount() + " parameters)") + " for " + cfg.run().steps() + " steps into " + out);
        }
        // role grammars compile before the run directory exists, so a bad one leaves no run behind
        policy.withGrammarCompiler(EngineGrammars.COMPILER).withSharedPrompts(o.sharedPrompts());
        for (var g : settings.grammars().sources()) policy.grammar(g);
        if (run == null) run = RunDirectory.create(out);
        ConfigWriter.write(cfg, run.config());
        Policy trainee = remoteRollouts(policy, cfg.rollout(), run, console);
        if (start.step() >= cfg.run().steps()) {
            console.println("nothing to do: the run is at step " + start.step() + " of " + cfg.run().steps() + " (raise --steps to continue)");
            return 0;
        }
        console.flush();

        StopSignal stop = StopSignal.onSigint(() -> {
            console.println("stopping after this step (a checkpoint will be written); press Ctrl-C again to quit at once");
            console.flush();
        });
        try (PythonExecutor executor = PythonExecutor.start(executorOptions(cfg.executor(), cfg.selfplay().bannedWords()))) {
            StepProgress progress = new StepProgress(start.step() + 1, cfg.run().steps()).withTimeLimit(cfg.run().maxMinutes());
            int logEvery = cfg.run().logEvery();
            TrainingEvaluator evaluator = new TrainingEvaluator(cfg.eval(), policy, executor,
                    PromptFormat.azr(settings.promptStyle(), settings.bannedKeywords()),
                    new dev.azr4j.core.prompt.CheckpointPrompt(settings.promptStyle(), settings.bannedKeywords(),
                            dev.azr4j.core.loop.SelfPlayRun.solverGrammars(settings)), cfg.run().seed());
            SelfPlayRun loop = new SelfPlayRun(run, trainee, executor, buffers, settings, cfg.run().checkpointEvery(),
                    new SelfPlayRun.Listener() {
                        @Override
                        public void onStep(long step, long total, Map<String, Object> m) {
                            if (step % logEvery != 0 && step != total) return;
                            console.println(progress.line(step, shown(m)));
                            console.flush();
                        }

                        @Override
                        public Map<String, Object> evaluate(long step) {
                            return evaluator.evaluate(step);
                        }

                        @Override
                        public void onCheckpoint(long step, Path dir) {
                            console.println("checkpoint " + dir);
                            console.flush();
                        }

                        @Override
                        public void onFlags(long step, List<dev.azr4j.core.monitor.Flag> flags, boolean stopping) {
                            console.println("safety: step " + step + " raised " + flags.size() + " flag(s) ("
                                    + flags.stream().map(dev.azr4j.core.monitor.Flag::rule).distinct().sorted().toList() + "), see "
                                    + out.resolve("flags.jsonl") + (stopping ? "; stopping (safety.stop_on_flag)" : ""));
                            console.flush();
                        }

                        @Override
                        public void onTimeLimit(long step, String reason) {
                            console.println("stopping after step " + step + ": " + reason);
                            console.flush();
                        }
                    }, monitoring, SelfPlayRun.Limits.of(cfg.run()), System::nanoTime);
            long last;
            try {
                last = loop.train(start, cfg.run().steps(), stop);
            } catch (RolloutServerException e) {
                throw new UserException(e.getMessage() + "; once it is back, continue from the newest checkpoint with: azr train --out "
                        + out + " --resume");
            }
            if (last < cfg.run().steps()) console.println("stopped at step " + last + "; continue with: azr train --out " + out + " --resume");
        } finally {
            trainee.close();
            if (backend instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the process is ending; nothing useful to do
                }
            }
        }
        return 0;
    }

    /** With {@code rollout.servers} set, rollouts go to those servers and {@code policy} only trains. */
    private static Policy remoteRollouts(ModelPolicy policy, RolloutConfig rollout, RunDirectory run, PrintWriter console) {
        if (rollout.servers().isEmpty()) return policy;
        Path weights = rollout.weightsDir() != null ? rollout.weightsDir() : run.root().resolve("rollout-weights");
        try {
            RemotePolicy remote = new RemotePolicy(policy, rollout, weights);
            console.println("rollouts on " + String.join(", ", rollout.servers()) + " (" + rollout.kind().name().toLowerCase()
                    + "); weights for them in " + weights);
            return remote;
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The most telling numbers of a step, in display order. */
    static SequencedMap<String, Object> shown(Map<String, Object> m) {
        SequencedMap<String, Object> s = new LinkedHashMap<>();
        s.put("loss", m.get("policy/loss"));
        for (String t : List.of("abduction", "deduction", "induction")) {
            String k = t.substring(0, 3);
            s.put("valid/" + k, m.get("propose/" + t + "/valid_rate"));
            s.put("solve/" + k, m.get("solve/" + t + "/accuracy"));
        }
        s.put("gen", seconds(m.get("time/generate_s")));
        s.put("exec", seconds(m.get("time/execute_s")));
        s.put("update", seconds(m.get("time/update_s")));
        s.put("tok/s", m.get("perf/gen_tokens_per_s"));
        return s;
    }

    private static String seconds(Object v) {
        return v instanceof Number n ? String.format("%.1fs", n.doubleValue()) : "-";
    }

    private static SeedTasks seeds(Path file) {
        if (file == null) return SeedTasks.identity();
        try {
            return SeedTasks.load(List.of(file));
        } catch (IOException e) {
            throw new UserException("cannot read the seed tasks: " + e.getMessage(), e);
        }
    }

    private static dev.azr4j.model.config.ModelConfig modelPreset(String name) {
        try {
            return ModelPresets.get(name);
        } catch (IllegalArgumentException e) {
            throw new UserException("configuration key 'model.preset': " + e.getMessage());
        }
    }

    private static Backend backend(ModelConfig model) {
        return EngineSupport.backend(model.threads() > 0 ? model.threads() : null);
    }

    private static ExecutorOptions executorOptions(ExecutorConfig e, List<String> banned) {
        ExecutorOptions d = ExecutorOptions.defaults();
        int workers = e.workers() > 0 ? e.workers() : Runtime.getRuntime().availableProcessors();
        return new ExecutorOptions(workers, e.timeoutMs(), e.memoryMb(), e.python(), e.maxTasksPerWorker(),
                banned.stream().distinct().toList(), d.maxProgramChars(), d.maxInputChars(), d.maxOutputChars(),
                d.spareWorkers(), d.useNamespaces());
    }
}
