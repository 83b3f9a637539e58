package dev.azr4j.core.loop;

import dev.azr4j.core.UserException;
import dev.azr4j.core.buffer.SeedTasks;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigWriter;
import dev.azr4j.core.config.ModelConfig;
import dev.azr4j.core.config.OptimConfig;
import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.grammar.EngineGrammars;
import dev.azr4j.core.policy.ModelPolicy;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.RemotePolicy;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.train.AdamW;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A training run assembled from its configuration, the one place that does it: the compute
 * backend, the model (new, pretrained, or the resumed checkpoint's), its role grammars, remote
 * rollouts, the buffers (seeded, or the checkpoint's), the run directory with its
 * {@code config.yaml}, the executor's options, and the loop with what it remembered restored.
 * {@code azr train} adds only the console and the benchmarks measured during training.
 *
 * <p>Nothing is left behind when preparing fails: the run directory is created only once the
 * model, the seeds and the grammars have loaded.
 */
public final class TrainingRun implements AutoCloseable {
    private final AzrConfig config;
    private final RunDirectory run;
    private final SelfPlaySettings settings;
    private final Monitoring monitoring;
    private final TaskBuffers buffers;
    private final Backend backend;
    private final ModelPolicy model;
    private final Policy trainee;
    private final RunState start;
    private final SelfPlayRun.Resume resumed;   // null for a new run

    private TrainingRun(AzrConfig config, RunDirectory run, SelfPlaySettings settings, Monitoring monitoring, TaskBuffers buffers,
                        Backend backend, ModelPolicy model, Policy trainee, RunState start, SelfPlayRun.Resume resumed) {
        this.config = config;
        this.run = run;
        this.settings = settings;
        this.monitoring = monitoring;
        this.buffers = buffers;
        this.backend = backend;
        this.model = model;
        this.trainee = trainee;
        this.start = start;
        this.resumed = resumed;
    }

    /**
     * Prepares the run in {@code out}: a new one (refused where {@code out} already holds a run) or,
     * with {@code resume}, the newest complete checkpoint of the run there.
     *
     * @param console told what is being trained (one line each)
     */
    public static TrainingRun prepare(AzrConfig cfg, Path out, boolean resume, Consumer<String> console) throws IOException {
        if (!resume && RunDirectory.holdsRun(out))
            throw new UserException(out + " already holds a run; continue it with --resume or choose another --out");
        boolean pretrained = cfg.model().path() != null;
        Monitoring monitoring = Monitoring.of(cfg);   // reads safety.rules before anything starts
        SelfPlaySettings settings = SettingsFromConfig.of(cfg, pretrained);
        TaskBuffers buffers = new TaskBuffers(settings.bufferCap(), settings.capPolicy(), settings.dedup());
        OptimConfig o = cfg.optim();
        AdamW.Hyper hyper = new AdamW.Hyper(o.beta1(), o.beta2(), o.eps(), o.weightDecay());
        DType dtype = cfg.model().dtype() == ModelConfig.Dtype.BF16 ? DType.BF16 : DType.F32;
        boolean reference = o.klCoef() > 0;
        Backend backend = backend(cfg.model());
        RunDirectory run = resume ? RunDirectory.open(out) : null;   // a new one is created once everything has loaded
        RunState start;
        ModelPolicy policy;
        SelfPlayRun.Resume resumed = null;
        if (resume) {
            resumed = SelfPlayRun.resume(run, buffers);
            start = resumed.state();   // the run's own seed: every step's random choices derive from it
            policy = ModelPolicy.load(resumed.checkpoint(), backend, hyper, o.microBatch(), dtype, reference, true);
            console.accept("resuming " + out + " from step " + start.step() + " (" + resumed.checkpoint().getFileName() + ")");
        } else {
            SeedTasks seeds = seeds(cfg.selfplay().seedTasks());
            buffers.seed(seeds.triplets(), seeds.problems());
            policy = pretrained
                    ? ModelPolicy.load(cfg.model().path(), backend, hyper, o.microBatch(), dtype, reference, false)
                    : ModelPolicy.fromScratch(modelPreset(cfg.model().preset()), cfg.run().seed(), backend, hyper,
                    o.microBatch(), dtype, reference);
            start = new RunState(0, cfg.run().seed(), 0);
            console.accept("training " + (pretrained ? cfg.model().path() : "a new '" + cfg.model().preset() + "' model ("
                    + policy.model().config().parameterCount() + " parameters)") + " into " + out + " for " + length(cfg));
        }
        // role grammars compile before the run directory exists, so a bad one leaves no run behind
        policy.withGrammarCompiler(EngineGrammars.COMPILER).withSharedPrompts(o.sharedPrompts());
        for (var g : settings.grammars().sources()) policy.grammar(g);
        if (run == null) run = RunDirectory.create(out);
        ConfigWriter.write(cfg, run.config());
        Policy trainee = remoteRollouts(policy, cfg.rollout(), run, console);
        return new TrainingRun(cfg, run, settings, monitoring, buffers, backend, policy, trainee, start, resumed);
    }

    /**
     * The sandboxed executor the run's tasks are checked with ({@code executor.*}); the caller
     * closes it. Where the workers get no OS namespaces, {@code warn} is told once; as root there
     * it refuses ({@link dev.azr4j.core.config.ExecutorConfig#refusal}) unless the configuration accepts it.
     *
     * @throws UserException as root without isolation, not accepted
     */
    public PythonExecutor startExecutor(Consumer<String> warn) {
        PythonExecutor executor = PythonExecutor.start(config.executor().options(config.selfplay().bannedWords()));
        if (executor.isolated()) return executor;
        boolean root = PythonExecutor.runsAsRoot();
        String refusal = config.executor().refusal(false, root, executor.osIsolation());
        if (refusal != null) {
            executor.close();
            throw new UserException(refusal);
        }
        warn.accept("WARNING: the Python workers run with no OS isolation (" + executor.osIsolation() + ")"
                + (root ? " and as root (accepted by executor.allow_root_without_isolation)" : "")
                + ": no network namespace; only the audit hook and rlimits contain the programs (azr4j-executor/EXECUTOR.md)");
        return executor;
    }

    /** The loop over this run's steps, with what the loop remembered at a resumed checkpoint given back. */
    public SelfPlayRun loop(PythonExecutor executor, SelfPlayRun.Listener listener, LongSupplier nanoClock) {
        SelfPlayRun loop = new SelfPlayRun(run, trainee, executor, buffers, settings, config.run().checkpointEvery(), listener,
                monitoring, SelfPlayRun.Limits.of(config.run()), nanoClock);
        if (resumed != null) loop.restore(resumed);
        return loop;
    }

    public AzrConfig config() {
        return config;
    }

    public RunDirectory directory() {
        return run;
    }

    public SelfPlaySettings settings() {
        return settings;
    }

    /** The model that trains (and, without remote rollouts, samples). */
    public ModelPolicy model() {
        return model;
    }

    /** Where the run starts: step 0 of a new run, or the resumed checkpoint's step, seed and time. */
    public RunState start() {
        return start;
    }

    @Override
    public void close() {
        trainee.close();
        if (backend instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the run is over; nothing useful to do
            }
        }
    }

    /** How long the run is: its steps, or its time budget when that comes first. */
    static String length(AzrConfig cfg) {
        Double minutes = cfg.run().maxMinutes();
        if (minutes == null || minutes <= 0) return cfg.run().steps() + " steps";
        String m = minutes == Math.rint(minutes) ? String.valueOf(minutes.longValue()) : minutes.toString();
        return m + " minutes (run.max_minutes; a checkpoint then) or " + cfg.run().steps() + " steps, whichever comes first";
    }

    /** With {@code rollout.servers} set, rollouts go to those servers and {@code policy} only trains. */
    private static Policy remoteRollouts(ModelPolicy policy, RolloutConfig rollout, RunDirectory run, Consumer<String> console) {
        if (rollout.servers().isEmpty()) return policy;
        Path weights = rollout.weightsDir() != null ? rollout.weightsDir() : run.root().resolve("rollout-weights");
        try {
            RemotePolicy remote = new RemotePolicy(policy, rollout, weights);
            console.accept("rollouts on " + String.join(", ", rollout.servers()) + " (" + rollout.kind().name().toLowerCase()
                    + "); weights for them in " + weights);
            return remote;
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
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
        return model.threads() > 0 ? new CpuBackend(model.threads()) : new CpuBackend();
    }
}
