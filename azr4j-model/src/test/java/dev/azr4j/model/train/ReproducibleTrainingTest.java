package dev.azr4j.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.nn.BusyCore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two training runs with the same seed and the same number of threads give the same bits: every
 * loss, log-probability, entropy and gradient norm, the final weights, and what the trained model
 * then samples. Neither which thread runs which task nor whether the JIT has compiled a loop yet
 * may change a result.
 */
class ReproducibleTrainingTest {
    /** Several layers and heads, grouped kv heads, a vocabulary of bytes. */
    private static final ModelConfig MODEL = new ModelConfig(ModelConfig.QWEN2, 272, 128, 384, 4, 4, 2, 32, 10000.0, 1e-6,
            true, false, false, 512, -1, List.of());

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void sameSeedAndThreadsGiveTheSameBitsWhateverTheScheduling(int threads) {
        long[] first = TrainingFingerprint.run(MODEL, threads, 3, 24, true);
        long[] busy;
        try (BusyCore ignored = BusyCore.start()) {
            busy = TrainingFingerprint.run(MODEL, threads, 3, 24, true);
        }
        long[] again = TrainingFingerprint.run(MODEL, threads, 3, 24, true);
        assertSameBits(first, busy, "a run while another thread kept a core busy");
        assertSameBits(first, again, "a second run");
    }

    /**
     * The Vector API leaves the order of {@code reduceLanes(ADD)} and the exact value of
     * {@code lanewise(EXP)} open, and HotSpot's interpreter and C1 compute them differently from
     * C2. Since what has been compiled when depends on timing, a JVM that never uses C2 (here:
     * {@code -XX:TieredStopAtLevel=1}) must compute what this one computes once warm.
     */
    @Test
    void aJvmWithoutC2ComputesTheSameBits(@TempDir Path tmp) throws Exception {
        long[] warm = null;
        for (int i = 0; i < 3; i++) warm = smallRun();
        Path out = tmp.resolve("stdout.txt"), err = tmp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        command.addAll(vectorOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainingFingerprint.class.getName(), "2"));
        Process child = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            fail("the other JVM did not finish within 5 minutes");
        }
        assertEquals(0, child.exitValue(), () -> "the other JVM failed: " + tail(err));
        long[] cold = TrainingFingerprint.parse(Files.readString(out));
        assertSameBits(warm, cold, "the same run in a JVM without C2");
    }

    /**
     * This JVM's options that choose the vector width and the GEMM tile (the suite is also run
     * with {@code -XX:UseAVX=2}): the other JVM must compute on the same ones.
     */
    private static List<String> vectorOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:UseAVX=") || a.startsWith("-XX:MaxVectorSize=") || a.startsWith("-Dazr4j.gemm."))
                .toList();
    }

    private static long[] smallRun() {
        return TrainingFingerprint.run(TrainingFingerprint.SMALL, 2, TrainingFingerprint.SMALL_STEPS,
                TrainingFingerprint.SMALL_SEQUENCES, true);
    }

    static void assertSameBits(long[] expected, long[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": number count");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(what + " differs first at number " + i + " of " + expected.length + ": "
                        + Long.toHexString(expected[i]) + " vs " + Long.toHexString(actual[i])
                        + " (as double " + Double.longBitsToDouble(expected[i]) + " vs " + Double.longBitsToDouble(actual[i])
                        + ", as float " + Float.intBitsToFloat((int) expected[i]) + " vs " + Float.intBitsToFloat((int) actual[i]) + ")");
            }
        }
        assertTrue(expected.length > 0);
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.substring(Math.max(0, s.length() - 2000));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }
}
