package dev.azr4j.core.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.core.UserException;
import dev.azr4j.core.buffer.BufferStore;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.RunConfig;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.core.run.AtomicFiles;
import dev.azr4j.core.run.CheckpointRetention;
import dev.azr4j.core.run.JsonLinesWriter;
import dev.azr4j.core.run.MetricsWriter;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.run.TensorBoardWriter;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.step.StepContext;
import dev.azr4j.core.step.StepResult;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.Executor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The training loop of a run directory: steps until the configured count (or a stop request),
 * one metrics line and one samples file per step, a checkpoint every N steps and at the end.
 * A checkpoint ({@code checkpoints/step-N}, published atomically) holds the policy's files
 * (weights, config, tokenizer, optimizer state), the buffers and {@code state.json}; the buffers are
 * also mirrored to {@code RUN/buffers/}. A run that starts at step 0 first saves the untrained model as
 * {@code checkpoints/step-0}; older checkpoints are deleted as {@link Limits#keepCheckpoints} says,
 * and the run stops by itself within {@link Limits#maxMinutes} ({@link TimeBudget}).
 */
public final class SelfPlayRun {
    /** Told about every finished step and checkpoint (console progress). */
    public interface Listener {
        void onStep(long step, long totalSteps, Map<String, Object> metrics);

        default void onCheckpoint(long step, Path dir) {}

        /** The safety monitor flagged samples in this step (they are in {@code flags.jsonl}); {@code stopping}: safety.stop_on_flag. */
        default void onFlags(long step, List<Flag> flags, boolean stopping) {}

        /** The run stops after {@code step} for {@code run.max_minutes}; {@code reason} says why, for the console. */
        default void onTimeLimit(long step, String reason) {}

        /** Metrics measured after a step (benchmarks during training), added to that step's row; never throws. */
        default Map<String, Object> evaluate(long step) {
            return Map.of();
        }
    }

    /** The grammar each solver role decodes under, by task type id, for the checkpoints' prompt.json. */
    public static Map<String, GrammarSource> solverGrammars(SelfPlaySettings settings) {
        Map<String, GrammarSource> m = new HashMap<>();
        for (TaskType t : TaskType.values()) {
            GrammarSource g = settings.grammars().of(t, Role.SOLVE);
            if (g != null) m.put(t.id(), g);
        }
        return m;
    }

    /**
     * The run's lifecycle limits.
     *
     * @param keepCheckpoints the newest checkpoints kept besides {@code step-0}; 0 keeps all
     * @param maxMinutes      wall-clock budget of one {@link #train} call; null or 0: none
     * @param lrCooldown      the last fraction of that budget in which the learning rate falls linearly to a tenth; 0: none
     */
    public record Limits(int keepCheckpoints, Double maxMinutes, double lrCooldown) {
        /** Keep every checkpoint, no time limit. */
        public static final Limits NONE = new Limits(0, null);

        public Limits {
            if (keepCheckpoints < 0) throw new IllegalArgumentException("keepCheckpoints must be >= 0, got " + keepCheckpoints);
            if (maxMinutes != null && !(maxMinutes >= 0)) throw new IllegalArgumentException("maxMinutes must be >= 0, got " + maxMinutes);
            if (!(lrCooldown >= 0 && lrCooldown <= 1)) throw new IllegalArgumentException("lrCooldown must be in [0, 1], got " + lrCooldown);
        }

        /** Without a cool-down. */
        public Limits(int keepCheckpoints, Double maxMinutes) {
            this(keepCheckpoints, maxMinutes, 0.0);
        }

        public static Limits of(RunConfig run) {
            return new Limits(run.keepCheckpoints(), run.maxMinutes(), run.lrCooldown());
        }
    }

    /**
     * Where a resumed run starts: the checkpoint, its state, and what the loop remembered
     * ({@value #LOOP_STATE}; null in checkpoints written before it was saved).
     */
    public record Resume(Path checkpoint, RunState state, JsonNode loopState) {}

    /** The self-play step's memory in a checkpoint ({@link SelfPlayStep#saveState}). */
    public static final String LOOP_STATE = "selfplay-state.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private final Policy policy;
    private final TaskBuffers buffers;
    private final SelfPlayStep stepper;
    private final int checkpointEvery;
    private final Listener listener;
    private final Monitoring monitoring;
    private final CheckpointPrompt promptFormat;   // saved with each checkpoint for azr eval
    private final CheckpointRetention retention;
    private final Double maxMinutes;
    private final double lrCooldown;
    private final LongSupplier nanoClock;

    public SelfPlayRun(RunDirectory run, Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings,
                       int checkpointEvery, Listener listener) {
        this(run, policy, executor, buffers, settings, checkpointEvery, listener, Monitoring.defaults());
    }

    public SelfPlayRun(RunDirectory run, Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings,
                       int checkpointEvery, Listener listener, Monitoring monitoring) {
        this(run, policy, executor, buffers, settings, checkpointEvery, listener, monitoring, Limits.NONE, System::nanoTime);
    }

    /** @param nanoClock the wall clock of {@code time_s} and {@code run.max_minutes} ({@link System#nanoTime} but in tests) */
    public SelfPlayRun(RunDirectory run, Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings,
                       int checkpointEvery, Listener listener, Monitoring monitoring, Limits limits, LongSupplier nanoClock) {
        this.retention = new CheckpointRetention(run, limits.keepCheckpoints());
        this.maxMinutes = limits.maxMinutes();
        this.lrCooldown = limits.lrCooldown();
        this.nanoClock = nanoClock;
        this.monitoring = monitoring;
        this.run = run;
        this.policy = policy;
        this.buffers = buffers;
        this.stepper = new SelfPlayStep(policy, executor, buffers, settings, monitoring.monitor());
        this.checkpointEvery = Math.max(1, checkpointEvery);
        this.listener = listener;
        this.promptFormat = new CheckpointPrompt(settings.promptStyle(), settings.bannedKeywords(), solverGrammars(settings));
    }

    /**
     * Runs steps {@code start.step()+1 … totalSteps}, stopping early after a step when {@code stop}
     * is requested or the time budget says so; always ends with a checkpoint of the last completed
     * step. A run at step 0 without {@code checkpoints/step-0} saves it first (a resume from
     * {@code step-0} keeps the one it has). Returns the last step.
     */
    public long train(RunState start, long totalSteps, StopSignal stop) throws IOException {
        long step = start.step();
        long checkpointed = step;
        TimeBudget budget = new TimeBudget(maxMinutes, nanoClock);
        long t0 = budget.now();
        boolean flagStop = false;   // safety.stop_on_flag: a local stop, so that a later Ctrl-C still asks first
        try (MetricsWriter metrics = MetricsWriter.open(run.metrics());
             JsonLinesWriter flags = JsonLinesWriter.open(run.flags());
             TensorBoardWriter tensorboard = monitoring.tensorboard() ? TensorBoardWriter.open(run.tensorboard(), step + 1) : null) {
            if (step == 0 && !Files.exists(run.checkpoint(0))) checkpoint(start, budget);   // the untrained model
            while (step < totalSteps && !stop.requested() && !flagStop) {
                String timeUp = budget.reasonToStop();
                if (timeUp != null) {
                    listener.onTimeLimit(step, timeUp);
                    break;
                }
                long stepStart = budget.now();
                step++;
                StepResult result = stepper.run(StepContext.of(step, RunState.stepSeed(start.seed(), step), budget.cooldownScale(lrCooldown)));
                double elapsed = start.elapsedSeconds() + (budget.now() - t0) / 1e9;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", step);
                row.put("time_s", elapsed);
                row.putAll(result.metrics());
                row.putAll(listener.evaluate(step));
                metrics.append(row);
                if (tensorboard != null) tensorboard.append(row);
                for (Flag f : result.flags()) flags.append(f);
                if (!result.flags().isEmpty()) {
                    flagStop = monitoring.stopOnFlag();
                    listener.onFlags(step, result.flags(), flagStop);
                }
                if (!result.samples().isEmpty())
                    AtomicFiles.writeString(run.samples(step), SamplesFile.render(step, result.samples()));
                listener.onStep(step, totalSteps, row);
                budget.stepTook(budget.now() - stepStart);
                if (step % checkpointEvery == 0 || step == totalSteps || stop.requested() || flagStop) {
                    checkpoint(new RunState(step, start.seed(), elapsed), budget);
                    checkpointed = step;
                }
            }
            if (checkpointed != step || run.checkpointSteps().isEmpty())
                checkpoint(new RunState(step, start.seed(), start.elapsedSeconds() + (budget.now() - t0) / 1e9), budget);
        } finally {
            stop.finished();
        }
        return step;
    }

    private void checkpoint(RunState state, TimeBudget budget) throws IOException {
        long t = budget.now();
        Path dir = run.publishCheckpoint(state.step(), tmp -> {
            policy.save(tmp);
            BufferStore.write(buffers, tmp.resolve("buffers"));
            state.write(tmp);
            Files.writeString(tmp.resolve(LOOP_STATE), JSON.writeValueAsString(stepper.saveState()) + "\n", StandardCharsets.UTF_8);
            promptFormat.write(tmp);
        });
        BufferStore.write(buffers, run.buffers());
        retention.prune(state.step());
        listener.onCheckpoint(state.step(), dir);
        budget.checkpointTook(budget.now() - t);
    }

    /**
     * Prepares a resume: the newest complete checkpoint, its state, the buffers restored into
     * {@code buffers}; metric lines of steps after the checkpoint (written before an interruption)
     * are removed, since those steps are run again, and so are their lines in {@code flags.jsonl}.
     */
    public static Resume resume(RunDirectory run, TaskBuffers buffers) throws IOException {
        Path ckpt = run.latestCheckpoint().orElseThrow(() -> new UserException(
                "cannot resume: " + run.checkpoints() + " holds no complete checkpoint; start the run without --resume"));
        RunState state;
        JsonNode loopState = null;
        try {
            state = RunState.read(ckpt);
            BufferStore.read(ckpt.resolve("buffers"), buffers);
            Path f = ckpt.resolve(LOOP_STATE);
            if (Files.exists(f)) {
                try {
                    loopState = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    throw new IOException(f + " is not valid JSON: " + e.getOriginalMessage());
                }
                if (loopState == null || !loopState.isObject()) throw new IOException(f + " must hold a JSON object");
            }
        } catch (IOException e) {
            throw new UserException("cannot resume from " + ckpt + ": " + e.getMessage(), e);
        }
        trimMetrics(run.metrics(), state.step());
        trimMetrics(run.flags(), state.step());   // flags of steps that are run again would be doubled
        return new Resume(ckpt, state, loopState);
    }

    /** Gives the loop back what it remembered at the resumed checkpoint (nothing for checkpoints without it). */
    public void restore(Resume resume) {
        if (resume.loopState() == null) return;
        try {
            stepper.restoreState(resume.loopState());
        } catch (IllegalArgumentException e) {
            throw new UserException("cannot resume from " + resume.checkpoint() + ": " + LOOP_STATE + ": " + e.getMessage(), e);
        }
    }

    static void trimMetrics(Path file, long lastStep) throws IOException {
        if (!Files.isRegularFile(file)) return;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder();
        boolean changed = false;
        for (String line : lines) {
            if (line.isBlank()) continue;
            long step;
            try {
                JsonNode n = JSON.readTree(line);
                step = n != null && n.path("step").canConvertToLong() ? n.get("step").asLong() : Long.MAX_VALUE;
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                step = Long.MAX_VALUE;   // a torn line
            }
            if (step <= lastStep) kept.append(line).append('\n');
            else changed = true;
        }
        if (changed) AtomicFiles.writeString(file, kept.toString());
    }
}
