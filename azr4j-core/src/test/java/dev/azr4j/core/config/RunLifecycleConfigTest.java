package dev.azr4j.core.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code run.keep_checkpoints} and {@code run.max_minutes}: defaults, documentation and validation. */
class RunLifecycleConfigTest {
    private static AzrConfig load(String... overrides) {
        return ConfigLoader.load(Optional.empty(), "default", List.of(overrides));
    }

    private static String error(String override) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(override));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaultsKeepThreeCheckpointsAndOnlyTheFromZeroRunHasATimeLimit() throws Exception {
        assertEquals(3, RunConfig.defaults().keepCheckpoints());
        assertNull(RunConfig.defaults().maxMinutes());
        for (String preset : ConfigLoader.PRESETS) {
            assertEquals(3, ConfigLoader.preset(preset).run().keepCheckpoints(), preset);
            // the default run (tiny) is sized to end within 29 minutes on 2 cores; the others run their steps
            if (preset.equals("tiny")) assertEquals(25.0, ConfigLoader.preset(preset).run().maxMinutes(), preset);
            else assertNull(ConfigLoader.preset(preset).run().maxMinutes(), preset);
        }
        try (var in = ConfigLoader.class.getResourceAsStream("/dev/azr4j/core/presets/default.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(yaml.contains("  keep_checkpoints: 3 "), "documented in default.yaml");
            assertTrue(yaml.contains("  max_minutes: null "), "documented in default.yaml");
        }
    }

    @Test
    void valuesBind() {
        assertEquals(0, load("run.keep_checkpoints=0").run().keepCheckpoints());
        assertEquals(25.0, load("run.max_minutes=25").run().maxMinutes());
        assertEquals(0.5, load("run.max_minutes=0.5").run().maxMinutes());
        assertNull(load("run.max_minutes=25", "run.max_minutes=null").run().maxMinutes());
    }

    @Test
    void negativeOrNonNumericValuesAreClearErrors() {
        String keep = error("run.keep_checkpoints=-1");
        assertTrue(keep.contains("run.keep_checkpoints") && keep.contains("-1"), keep);
        String minutes = error("run.max_minutes=-5");
        assertTrue(minutes.contains("run.max_minutes") && minutes.contains("-5"), minutes);
        String text = error("run.max_minutes=soon");
        assertTrue(text.contains("run.max_minutes"), text);
        String fraction = error("run.keep_checkpoints=2.5");
        assertTrue(fraction.contains("run.keep_checkpoints"), fraction);
    }
}
