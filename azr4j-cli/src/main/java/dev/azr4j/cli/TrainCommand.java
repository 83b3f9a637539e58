package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigLoader;
import dev.azr4j.core.console.Numbers;
import dev.azr4j.core.console.StepProgress;
import dev.azr4j.core.loop.RunState;
import dev.azr4j.core.loop.RunSummary;
import dev.azr4j.core.loop.SelfPlayRun;
import dev.azr4j.core.loop.StopSignal;
import dev.azr4j.core.loop.TrainingRun;
import dev.azr4j.core.prompt.PromptTemplates;
import dev.azr4j.core.rollout.RolloutServerException;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.eval.PromptFormat;
import dev.azr4j.executor.PythonExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

        AzrConfig cfg;
        if (resume) {
            if (config.file != null || config.preset != null)
                throw new UserException("--resume continues with " + out.resolve("config.yaml") + "; leave out --config and --preset (--set and --steps still apply)");
            RunDirectory existing = RunDirectory.open(out);
            List<String> overrides = config.overrides();
            overrides.addAll(extra);
            cfg = ConfigLoader.load(Optional.of(existing.config()), "default", overrides);
            // every step's random choices derive from the seed in the checkpoint; a new one would be
            // recorded in config.yaml without being used
            long runSeed = ConfigLoader.load(Optional.of(existing.config()), "default", List.of()).run().seed();
            if (cfg.run().seed() != runSeed)
                throw new UserException("--resume keeps the run's seed (" + runSeed + "); leave out --seed and run.seed");
        } else {
            if (RunDirectory.holdsRun(out))
                throw new UserException(out + " already holds a run; continue it with --resume or choose another --out");
            cfg = config.load("tiny", extra);
        }

        try (TrainingRun training = TrainingRun.prepare(cfg, out, resume, console::println)) {
            RunState start = training.start();
            SelfPlaySettings settings = training.settings();
            if (start.step() >= cfg.run().steps()) {
                console.println("nothing to do: the run is at step " + start.step() + " of " + cfg.run().steps() + " (raise --steps to continue)");
                return 0;
            }
            console.flush();
            StopSignal stop = StopSignal.onSigint(() -> {
                console.println("stopping after this step (a checkpoint will be written); press Ctrl-C again to quit at once");
                console.flush();
            });
            PrintWriter err = spec.commandLine().getErr();
            try (PythonExecutor executor = training.startExecutor(warning -> {
                err.println("azr train: " + warning);
                err.flush();
            })) {
                boolean[] isolationRecorded = {false};
                StepProgress progress = new StepProgress(start.step() + 1, cfg.run().steps()).withTimeLimit(cfg.run().maxMinutes())
                        .withColumns(COLUMNS);
                console.println(progress.header());
                int logEvery = cfg.run().logEvery();
                TrainingEvaluator evaluator = new TrainingEvaluator(cfg.eval(), training.model(), executor,
                        PromptFormat.azr(settings.promptStyle(), settings.bannedKeywords()),
                        new dev.azr4j.core.prompt.CheckpointPrompt(settings.promptStyle(), settings.bannedKeywords(),
                                SelfPlayRun.solverGrammars(settings)), cfg.run().seed());
                // the untrained model's probes, measured before the first step and kept in its row: the summary's
                // baseline, for a run long enough to measure them again (a 3-step check run skips the ~20 s)
                Map<String, Object> baseline = new java.util.LinkedHashMap<>();
                if (start.step() == 0 && cfg.eval().every() > 0 && cfg.run().steps() >= cfg.eval().every()) evaluator.evaluate(0).forEach((k, v) -> baseline.put(dev.azr4j.core.loop.RunSummary.BASELINE + k, v));
                String[] timeLimit = {null};   // why the time budget ended the run, once it has
                long started = System.nanoTime();
                SelfPlayRun loop = training.loop(executor, new SelfPlayRun.Listener() {
                    @Override
                    public void onStep(long step, long total, Map<String, Object> m) {
                        if (step % logEvery != 0 && step != total) return;
                        console.println(progress.line(step, cells(m)));
                        console.flush();
                    }

                    @Override
                    public Map<String, Object> evaluate(long step) {
                        Map<String, Object> m = evaluator.evaluate(step);
                        if (isolationRecorded[0]) return m;
                        // once per session, in its first row: whether the programs of this run ran in OS namespaces,
                        // and for a run from step 0 the probes of the untrained model
                        isolationRecorded[0] = true;
                        Map<String, Object> first = new java.util.LinkedHashMap<>(m);
                        first.put("executor/isolated", executor.isolated() ? 1 : 0);
                        first.putAll(baseline);
                        return first;
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
                        timeLimit[0] = "its time budget, run.max_minutes=" + Numbers.compact(cfg.run().maxMinutes()) + ", is spent";
                        console.println("stopping after step " + step + ": " + reason);
                        console.flush();
                    }
                }, System::nanoTime);
                long last;
                try {
                    last = loop.train(start, cfg.run().steps(), stop);
                } catch (RolloutServerException e) {
                    throw new UserException(e.getMessage() + "; once it is back, continue from the newest checkpoint with: azr train --out "
                            + out + " --resume");
                }
                String why = last >= cfg.run().steps() ? "all " + cfg.run().steps() + " steps done" : timeLimit[0];
                if (why == null) {   // Ctrl-C or a safety flag: the run was cut short
                    console.println("stopped at step " + last + "; continue with: azr train --out " + out + " --resume");
                } else {
                    for (String line : RunSummary.lines(training.directory(), last, System.nanoTime() - started, why, examplePrompt(settings)))
                        console.println(line);
                }
            }
        }
        return 0;
    }

    /** A deduction prompt in the run's format for the summary's generate line (the terse formats only: a pretrained model's prompts are long). */
    private static String examplePrompt(SelfPlaySettings settings) {
        if (!settings.promptStyle().terse()) return null;
        return new PromptTemplates(settings.promptStyle(), settings.bannedKeywords())
                .solveDeduction(new Triplet("def f(a):\n    return a + 3", "4", "7", List.of()));
    }

    /**
     * The progress table's columns after the step and times: what moves while a run learns. Solver
     * accuracy and proposal validity per task type (abduction, deduction, induction), the imitation
     * loss, the learning rate, the update's speed, and the probe accuracies (output, input, program)
     * on the steps that measure them.
     */
    static final List<StepProgress.Column> COLUMNS = List.of(new StepProgress.Column("solve% a/d/i", 12),
            new StepProgress.Column("valid% a/d/i", 12), new StepProgress.Column("imit nll", 8), new StepProgress.Column("lr", 7),
            new StepProgress.Column("train tok/s", 11), new StepProgress.Column("probe% o/i/p", 12));

    /** The cells of {@link #COLUMNS} for one step's metrics. */
    static List<String> cells(Map<String, Object> m) {
        List<String> types = List.of("abduction", "deduction", "induction");
        return java.util.Arrays.asList(
                percents(m, types.stream().map(t -> "solve/" + t + "/accuracy").toList()),
                percents(m, types.stream().map(t -> "propose/" + t + "/valid_rate").toList()),
                m.get("policy/imitation_nll") instanceof Number n ? String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue()) : "-",
                m.get("policy/lr") instanceof Number n ? String.format(java.util.Locale.ROOT, "%.1e", n.doubleValue()) : "-",
                m.get("perf/train_tokens_per_s") instanceof Number n ? Numbers.compact((double) Math.round(n.doubleValue())) : "-",
                m.get("probe/output/accuracy") instanceof Number
                        ? percents(m, List.of("probe/output/accuracy", "probe/input/accuracy", "probe/program/accuracy")) : "");
    }

    /** Shares as whole percents joined by '/', "-" where a value is missing. */
    private static String percents(Map<String, Object> m, List<String> keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (!b.isEmpty()) b.append('/');
            b.append(m.get(k) instanceof Number n ? Long.toString(Math.round(100 * n.doubleValue())) : "-");
        }
        return b.toString();
    }
}
