package dev.azr4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Training as root where the workers get no OS namespaces is refused unless the configuration accepts it (issue 25). */
class ExecutorConfigTest {
    @Test
    void rootWithoutIsolationIsRefusedByDefault() {
        ExecutorConfig c = ExecutorConfig.defaults();
        assertFalse(c.allowRootWithoutIsolation());
        String why = c.refusal(false, true, "no namespaces (unshare is not permitted here)");
        assertTrue(why.startsWith("refusing to train as root with no OS isolation for the Python workers "
                + "(no namespaces (unshare is not permitted here))"), why);
        assertTrue(why.endsWith("--set executor.allow_root_without_isolation=true"), why);
    }

    @Test
    void isolationOrAnOrdinaryUserOrConsentLetTrainingStart() {
        ExecutorConfig c = ExecutorConfig.defaults();
        assertNull(c.refusal(true, true, "user+net namespaces"));
        assertNull(c.refusal(false, false, "no namespaces"));
        AzrConfig accepted = ConfigLoader.load(Optional.empty(), "tiny", List.of("executor.allow_root_without_isolation=true"));
        assertTrue(accepted.executor().allowRootWithoutIsolation());
        assertNull(accepted.executor().refusal(false, true, "no namespaces"));
        assertEquals(false, ConfigLoader.load(Optional.empty(), "tiny", List.of()).executor().allowRootWithoutIsolation());
    }
}
