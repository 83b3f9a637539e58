package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starting and retiring workers must not depend on the virtual-thread scheduler: with its one
 * carrier held by a CPU-bound virtual thread (training code, a pinned blocking read) and a worker
 * recycled every 3 requests, the pool still answers every request. A child JVM squeezes the
 * scheduler to one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}); a hang there
 * fails the test after 90 s (it once waited in acquire with the old processes alive).
 */
class PinnedCarrierTest {
    @Test
    void recyclingNeedsNoFreeCarrier() throws Exception {
        try {
            PythonInterpreter.locate("python3");
        } catch (ExecutorUnavailableException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
        }
        Path out = Files.createTempFile("azr4j-pinned-", ".txt");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                    "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                    "-cp", System.getProperty("java.class.path"), PinnedCarrierMain.class.getName()))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }
            String log = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, "the pool hung with its one carrier pinned:\n" + log);
            assertEquals(0, child.exitValue(), log);
            assertTrue(log.contains("answered 96 ok 96"), log);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
