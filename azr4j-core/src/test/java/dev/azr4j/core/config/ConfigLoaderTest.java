package dev.azr4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.core.config.SelfPlayConfig.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static AzrConfig load(String... overrides) {
        return ConfigLoader.load(Optional.empty(), "default", List.of(overrides));
    }

    private static String error(Runnable r) {
        ConfigException e = assertThrows(ConfigException.class, r::run);
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaultsAreTheOriginalHyperparameters() {
        AzrConfig c = AzrConfig.defaults();
        assertEquals(64, c.selfplay().batchSize());
        assertEquals(6, c.selfplay().references());
        assertEquals(8, c.selfplay().mcSamples());
        assertEquals(10, c.selfplay().inductionInputs());
        assertEquals(1e-6, c.optim().lr());
        assertEquals(0.01, c.optim().weightDecay());
        assertEquals(0.2, c.optim().clipLow());
        assertEquals(0.2, c.optim().clipHigh());
        assertEquals(0.001, c.optim().entropyCoef());
        assertEquals(-0.5, c.selfplay().unlearnableReward());
        assertEquals(SelfPlayConfig.Whitening.TOKEN, c.selfplay().whitening());
        assertEquals(SelfPlayConfig.BufferFull.DROP_OLDEST, c.selfplay().bufferFull());
        assertEquals(17, c.selfplay().bannedWords().size());
        assertEquals(16384, c.selfplay().bufferMax());
    }

    @Test
    void defaultPresetFileRestatesTheBuiltInDefaults() {
        assertEquals(AzrConfig.defaults(), ConfigLoader.preset("default"));
        assertEquals(AzrConfig.defaults(), ConfigLoader.load(Optional.empty(), null, List.of()));
    }

    @Test
    void presetsOverlayTheDefaults() {
        AzrConfig tiny = ConfigLoader.preset("tiny");
        assertEquals("tiny", tiny.model().preset());
        assertTrue(tiny.selfplay().batchSize() < 64);
        assertEquals(AzrConfig.defaults().selfplay().bannedWords(), tiny.selfplay().bannedWords());
        AzrConfig small = ConfigLoader.preset("small");
        assertEquals("small", small.model().preset());
        assertTrue(small.selfplay().maxResponseTokens() > tiny.selfplay().maxResponseTokens(), "small writes longer responses");
    }

    @Test
    void unknownPresetSuggestsTheClosest() {
        String msg = error(() -> ConfigLoader.preset("tinny"));
        assertTrue(msg.contains("'tinny'") && msg.contains("did you mean 'tiny'"), msg);
    }

    @Test
    void overridesSetNestedScalarsListsAndNulls() {
        AzrConfig c = load("selfplay.batch_size=8", "optim.lr=1e-5", "selfplay.task_types=[deduction, induction]",
                "model.path=/models/qwen", "model.path=", "run.seed=42", "selfplay.whitening=RESPONSE");
        assertEquals(8, c.selfplay().batchSize());
        assertEquals(1e-5, c.optim().lr());
        assertEquals(List.of(TaskType.DEDUCTION, TaskType.INDUCTION), c.selfplay().taskTypes());
        assertNull(c.model().path());
        assertEquals(42L, c.run().seed());
        assertEquals(SelfPlayConfig.Whitening.RESPONSE, c.selfplay().whitening());
        assertEquals(AzrConfig.defaults().optim().clipLow(), c.optim().clipLow(), "untouched keys keep defaults");
    }

    @Test
    void layersApplyInOrderPresetThenFileThenOverrides() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "selfplay:\n  batch_size: 3\n  references: 2\noptim:\n");
        AzrConfig c = ConfigLoader.load(Optional.of(f), "tiny", List.of("selfplay.references=5"));
        assertEquals(3, c.selfplay().batchSize());
        assertEquals(5, c.selfplay().references());
        assertEquals("tiny", c.model().preset());
        assertEquals(ConfigLoader.preset("tiny").optim(), c.optim(), "an empty section changes nothing");
    }

    @Test
    void unknownKeyNamesFullPathAndClosestValidKey() {
        String msg = error(() -> load("selfplay.batch_sise=3"));
        assertTrue(msg.contains("'selfplay.batch_sise'") && msg.contains("did you mean 'selfplay.batch_size'"), msg);
        msg = error(() -> load("batch_size=3"));
        assertTrue(msg.contains("did you mean 'selfplay.batch_size'"), msg);
        msg = error(() -> load("optimizer.lr=3"));
        assertTrue(msg.contains("'optimizer'") && msg.contains("did you mean 'optim'"), msg);
    }

    @Test
    void unknownKeyInFileNamesTheFile() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "optim:\n  learning_rate: 0.1\n");
        String msg = error(() -> ConfigLoader.load(Optional.of(f), "default", List.of()));
        assertTrue(msg.contains("'optim.learning_rate'") && msg.contains(f.toString()), msg);
    }

    @Test
    void wrongTypeNamesFieldValueAndWhatIsAllowed() {
        String msg = error(() -> load("selfplay.batch_size=abc"));
        assertTrue(msg.contains("'selfplay.batch_size'") && msg.contains("an integer >= 1") && msg.contains("'abc'")
                && msg.contains("--set selfplay.batch_size=abc"), msg);
        msg = error(() -> load("selfplay.batch_size=2.5"));
        assertTrue(msg.contains("an integer") && msg.contains("2.5"), msg);
        msg = error(() -> load("selfplay.buffer_full=drop"));
        assertTrue(msg.contains("one of drop_oldest, keep_oldest") && msg.contains("'drop'"), msg);
        msg = error(() -> load("selfplay.task_types=[deduction, guessing]"));
        assertTrue(msg.contains("'selfplay.task_types[1]'") && msg.contains("abduction, deduction, induction"), msg);
        msg = error(() -> load("selfplay.task_types=deduction"));
        assertTrue(msg.contains("a list of values from abduction, deduction, induction"), msg);
        msg = error(() -> load("optim=3"));
        assertTrue(msg.contains("'optim' must be a section with the keys lr, weight_decay"), msg);
        msg = error(() -> load("optim.lr="));
        assertTrue(msg.contains("'optim.lr'") && msg.contains("got null"), msg);
    }

    @Test
    void outOfRangeNamesFieldValueAndRange() {
        String msg = error(() -> load("optim.lr=-1"));
        assertTrue(msg.contains("'optim.lr' must be a number > 0, got -1"), msg);
        msg = error(() -> load("optim.beta2=1"));
        assertTrue(msg.contains("'optim.beta2' must be a number >= 0 and < 1, got 1"), msg);
        msg = error(() -> load("selfplay.batch_size=0"));
        assertTrue(msg.contains("an integer >= 1, got 0"), msg);
        msg = error(() -> load("run.steps=99999999999"));
        assertTrue(msg.contains("'run.steps'"), msg);
        msg = error(() -> load("selfplay.induction_inputs=5"));
        assertTrue(msg.contains("'selfplay.induction_inputs'") && msg.contains("even"), msg);
        msg = error(() -> load("selfplay.task_types=[]"));
        assertTrue(msg.contains("'selfplay.task_types'"), msg);
    }

    @Test
    void badOverrideSyntax() {
        String msg = error(() -> load("selfplay.batch_size"));
        assertTrue(msg.contains("--set expects key.path=value"), msg);
        error(() -> load("=3"));
        error(() -> load("a..b=3"));
    }

    @Test
    void missingConfigFile() {
        Path f = dir.resolve("nope.yaml");
        String msg = error(() -> ConfigLoader.load(Optional.of(f), "default", List.of()));
        assertTrue(msg.contains(f.toString()) && msg.contains("does not exist"), msg);
        msg = error(() -> ConfigLoader.load(Optional.of(dir), "default", List.of()));
        assertTrue(msg.contains("is a directory"), msg);
    }

    @Test
    void malformedYamlGivesLineAndColumn() throws IOException {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "optim:\n  lr: [1, 2\nrun:\n  steps: 3\n");
        String msg = error(() -> ConfigLoader.load(Optional.of(f), "default", List.of()));
        assertTrue(msg.contains(f.toString()) && msg.contains("is not valid YAML at line"), msg);
        Files.writeString(f, "- just\n- a list\n");
        msg = error(() -> ConfigLoader.load(Optional.of(f), "default", List.of()));
        assertTrue(msg.contains("must be a mapping of sections"), msg);
        Files.writeString(f, "optim:\n  lr: 0.1\n  lr: 0.2\n");
        msg = error(() -> ConfigLoader.load(Optional.of(f), "default", List.of()));
        assertTrue(msg.contains("Duplicate field 'lr'"), msg);
    }

    @Test
    void emptyFileIsAllDefaults() throws IOException {
        Path f = dir.resolve("empty.yaml");
        Files.writeString(f, "# nothing\n");
        assertEquals(AzrConfig.defaults(), ConfigLoader.fromFile(f));
    }

    @Test
    void writtenConfigReadsBackEqual() throws IOException {
        AzrConfig c = load("model.path=/tmp/my model", "selfplay.seed_tasks=seeds.jsonl", "executor.python=3",
                "selfplay.banned_words=[os, 'true', null_word]", "optim.lr=2.5e-7");
        Path f = dir.resolve("run/config.yaml");
        ConfigWriter.write(c, f);
        assertEquals(c, ConfigLoader.fromFile(f));
        String text = Files.readString(f);
        assertTrue(text.contains("batch_size: 64") && text.contains("buffer_full: drop_oldest"), text);
        for (String preset : ConfigLoader.PRESETS) {
            AzrConfig p = ConfigLoader.preset(preset);
            ConfigWriter.write(p, f);
            assertEquals(p, ConfigLoader.fromFile(f), preset);
        }
    }

    @Test
    void everySchemaKeyIsReachable() {
        assertTrue(ConfigSchema.allKeys().contains("selfplay.mc_samples"));
        assertTrue(ConfigSchema.allKeys().contains("executor.max_tasks_per_worker"));
        assertTrue(ConfigSchema.allKeys().contains("run"));
    }
}
