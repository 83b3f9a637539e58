package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.azr4j.core.Sandbox;
import dev.azr4j.core.buffer.BufferStore;
import dev.azr4j.core.buffer.SeedTasks;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigLoader;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.policy.LossSettings;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.step.Sample;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.step.StepContext;
import dev.azr4j.core.step.StepResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The self-play step's golden record: a few steps with a scripted policy and the real sandbox
 * under four settings, serialised whole — every metric but the timings, every sequence handed to
 * an update (ids, old log-probabilities, advantages, token weight, grammar) with its loss settings,
 * the kept samples, the safety flags and the buffers after each step. A refactor of the loop must
 * leave these files byte for byte as they are; a change of behaviour rewrites them on purpose with
 * {@code -Dazr.golden.update=true} and says why in its commit.
 *
 * <p>Settings: {@code original} (the default preset, a pretrained model's full prompts),
 * {@code gate} (the tiny preset's proposal gate and bare prompts, the from-zero curriculum off),
 * {@code from-zero} (the tiny preset: every from-zero measure on, at small batch sizes) and
 * {@code control} (the same with the shuffled rewards).
 */
class SelfPlayGoldenTest {
    private static final int STEPS = 5;
    private static final long SEED = 7;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String RESOURCE = "/dev/azr4j/core/loop/golden/";
    private static PythonExecutor exec;

    @BeforeAll
    static void start() {
        exec = Sandbox.start(ExecutorOptions.defaults().withWorkers(2));
    }

    @AfterAll
    static void stop() {
        if (exec != null) exec.close();
    }

    private static final List<String> SMALL = List.of("selfplay.batch_size=3", "selfplay.mc_samples=3", "selfplay.references=2");
    private static final List<String> CURRICULUM_SMALL = List.of("selfplay.curriculum.imitation_tasks=3",
            "selfplay.curriculum.imitation_updates=2", "selfplay.curriculum.proposal_replays=2", "selfplay.curriculum.proposal_imitation=2");
    private static final List<String> CURRICULUM_OFF = List.of("selfplay.curriculum.environment_tasks=false",
            "selfplay.curriculum.imitation_tasks=0", "selfplay.curriculum.imitation_updates=0", "selfplay.curriculum.imitation_coef=0",
            "selfplay.curriculum.context_coef=0", "selfplay.curriculum.proposal_replays=0", "selfplay.curriculum.proposal_imitation=0",
            "selfplay.curriculum.hindsight_proposals=false");

    /** The configuration of a setting, and whether the model counts as pretrained (full prompts). */
    static SelfPlaySettings settings(String name) {
        List<String> sets = new ArrayList<>(SMALL);
        String preset = "tiny";
        boolean pretrained = false;
        switch (name) {
            case "original" -> {
                preset = "default";
                pretrained = true;
                sets.add("selfplay.induction_inputs=4");
                sets.add("selfplay.max_response_tokens=512");
            }
            case "gate" -> sets.addAll(CURRICULUM_OFF);
            case "from-zero" -> sets.addAll(CURRICULUM_SMALL);
            case "control" -> {
                sets.addAll(CURRICULUM_SMALL);
                sets.add("selfplay.curriculum.shuffle_rewards=true");
            }
            default -> throw new IllegalArgumentException(name);
        }
        AzrConfig c = ConfigLoader.load(Optional.empty(), preset, sets);
        return SettingsFromConfig.of(c, pretrained);
    }

    @ParameterizedTest
    @ValueSource(strings = {"original", "gate", "from-zero", "control"})
    void aRefactorLeavesEveryStepByteForByte(String name) throws IOException {
        String actual = record(name);
        String file = name + ".txt";
        if (Boolean.getBoolean("azr.golden.update")) {
            Path target = Path.of("src/test/resources" + RESOURCE + file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected;
        try (InputStream in = SelfPlayGoldenTest.class.getResourceAsStream(RESOURCE + file)) {
            if (in == null) throw new AssertionError("no golden file " + RESOURCE + file + "; write it with -Dazr.golden.update=true");
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (expected.equals(actual)) return;
        Path out = Path.of("target/golden-actual/" + file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, actual, StandardCharsets.UTF_8);
        String[] e = expected.split("\n", -1), a = actual.split("\n", -1);
        int i = 0;
        while (i < Math.min(e.length, a.length) && e[i].equals(a[i])) i++;
        fail("setting '" + name + "' differs from its golden record at line " + (i + 1) + " (whole record in " + out.toAbsolutePath() + ")"
                + "\n  expected: " + (i < e.length ? clip(e[i]) : "<end>") + "\n  actual:   " + (i < a.length ? clip(a[i]) : "<end>"));
    }

    private static String clip(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    /** Runs the setting's steps and serialises everything each step produced. */
    static String record(String name) throws IOException {
        SelfPlaySettings settings = settings(name);
        ScriptedPolicy policy = new ScriptedPolicy(new GoldenScript());
        TaskBuffers buffers = new TaskBuffers(settings.bufferCap(), settings.capPolicy(), settings.dedup());
        SeedTasks seeds = SeedTasks.identity();
        buffers.seed(seeds.triplets(), seeds.problems());
        SelfPlayStep step = new SelfPlayStep(policy, exec, buffers, settings);
        StringBuilder b = new StringBuilder();
        int updatesSeen = 0;
        Path dir = Files.createTempDirectory("golden-buffers");
        for (long t = 1; t <= STEPS; t++) {
            // from step 3 the run's cool-down halves the update's learning rate
            StepResult r = step.run(StepContext.of(t, RunState.stepSeed(SEED, t), t >= 3 ? 0.5 : 1.0));
            b.append("=== ").append(name).append(" step ").append(t).append('\n');
            b.append("--- metrics\n");
            Map<String, Object> metrics = new TreeMap<>(r.metrics());
            metrics.keySet().removeIf(SelfPlayGoldenTest::timing);
            metrics.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            b.append("--- update stats ").append(r.update()).append('\n');
            for (int u = updatesSeen; u < policy.updates().size(); u++) {
                LossSettings loss = policy.losses().get(u);
                b.append("--- update ").append(u).append(' ').append(loss).append('\n');
                for (TrainSequence s : policy.updates().get(u)) sequence(b, s);
            }
            updatesSeen = policy.updates().size();
            b.append("--- samples\n");
            for (Sample x : r.samples()) b.append(JSON.writeValueAsString(x)).append('\n');
            b.append("--- flags\n");
            for (Flag f : r.flags()) b.append(JSON.writeValueAsString(f)).append('\n');
            b.append("--- buffers\n");
            BufferStore.write(buffers, dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList())
                    b.append("# ").append(f.getFileName()).append('\n').append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    /** Wall-clock measures: the only metrics allowed to differ between two runs of the same step. */
    private static boolean timing(String key) {
        return key.startsWith("time/") || key.equals("perf/step_s") || key.endsWith("_per_s");
    }

    private static void sequence(StringBuilder b, TrainSequence s) throws IOException {
        b.append("seq w=").append(s.tokenWeight()).append(" grammar=").append(grammar(s.grammar())).append('\n');
        b.append("  prompt=").append(JSON.writeValueAsString(text(s.promptIds()))).append('\n');
        b.append("  completion=").append(JSON.writeValueAsString(text(s.completionIds()))).append('\n');
        b.append("  old=").append(runs(s.oldLogprobs())).append('\n');
        b.append("  adv=").append(runs(s.advantages())).append('\n');
        if (s.refLogprobs() != null) b.append("  ref=").append(runs(s.refLogprobs())).append('\n');
    }

    /** The scripted policy's ids are characters. */
    private static String text(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) b.appendCodePoint(id);
        return b.toString();
    }

    private static String grammar(GrammarSource g) {
        if (g == null) return "none";
        return g.gbnf() == null ? g.name() : g.name() + "#" + Integer.toHexString(g.gbnf().hashCode());
    }

    /** Run-length encoded floats, exact (the float's bits as hex where it is not a short decimal). */
    private static String runs(float[] v) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j < v.length && Float.floatToRawIntBits(v[j]) == Float.floatToRawIntBits(v[i])) j++;
            if (b.length() > 0) b.append(',');
            b.append(v[i]).append('/').append(Integer.toHexString(Float.floatToRawIntBits(v[i])));
            if (j - i > 1) b.append('x').append(j - i);
            i = j;
        }
        return b.toString();
    }
}
