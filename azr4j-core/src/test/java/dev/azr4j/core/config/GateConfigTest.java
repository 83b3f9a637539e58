package dev.azr4j.core.config;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.gate.GateSettings;
import dev.azr4j.core.loop.SettingsFromConfig;
import dev.azr4j.core.step.SelfPlaySettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateConfigTest {
    private static AzrConfig load(String preset, String... overrides) {
        return ConfigLoader.load(Optional.empty(), preset, List.of(overrides));
    }

    @Test
    void offByDefaultAndForTheOriginalOnInTheTinyPreset() {
        assertEquals(GateConfig.defaults(), AzrConfig.defaults().selfplay().gate());
        assertEquals(GateSettings.off(), SettingsFromConfig.of(AzrConfig.defaults(), true).gate());
        assertEquals(GateSettings.off(), SelfPlaySettings.original().gate());
        GateSettings tiny = SettingsFromConfig.of(ConfigLoader.preset("tiny"), false).gate();
        assertTrue(tiny.inputDependence());
        assertFalse(tiny.extraTasks(), "session 8: the extra inputs judge, they are not stored");
        assertTrue(tiny.edgeInputs());
        assertEquals(GateSettings.Dedup.CANONICAL, tiny.dedup());
        assertTrue(tiny.excludeProbes());
        assertFalse(tiny.bandActive());
    }

    @Test
    void everyKeyIsBoundAndChecked() {
        GateSettings g = SettingsFromConfig.of(load("default", "selfplay.gate.dedup=exact", "selfplay.gate.solve_band=[0.1, 0.9]",
                "selfplay.gate.extra_inputs=5", "selfplay.gate.dedup_memory=10"), false).gate();
        assertEquals(GateSettings.Dedup.EXACT, g.dedup());
        assertEquals(0.1, g.bandLow());
        assertEquals(0.9, g.bandHigh());
        assertEquals(5, g.extraInputs());
        assertEquals(10, g.memory());
        String band = assertThrows(ConfigException.class, () -> load("default", "selfplay.gate.solve_band=[0.9, 0.1]")).getMessage();
        assertTrue(band.contains("selfplay.gate.solve_band") && band.contains("0 <= low <= high <= 1"), band);
        assertThrows(ConfigException.class, () -> load("default", "selfplay.gate.solve_band=[0.5]"));
        String dedup = assertThrows(ConfigException.class, () -> load("default", "selfplay.gate.dedup=fuzzy")).getMessage();
        assertTrue(dedup.contains("none, exact, canonical"), dedup);
        assertThrows(ConfigException.class, () -> load("default", "selfplay.gate.extra_inputs=0"));
        String unknown = assertThrows(ConfigException.class, () -> load("default", "selfplay.gate.dedupe=exact")).getMessage();
        assertTrue(unknown.contains("did you mean 'selfplay.gate.dedup'"), unknown);
    }
}
