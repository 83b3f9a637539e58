package dev.azr4j.model.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The choice of the GEMM register tile, and the tile this machine does not choose: a JVM started
 * with {@code -Dazr4j.gemm.rows} set to the other height runs every case of {@link CpuBackendTest}
 * against the reference (the tile is a constant of the JVM, so it takes another one).
 */
class MicroKernelTest {

    @Test
    void sixteenRegistersGetFourRowsAndThirtyTwoGetEight() {
        assertEquals(4, GemmTile.rows(null, 16));
        assertEquals(8, GemmTile.rows(null, 32));
        assertEquals(8, GemmTile.rows(" ", 32));
        assertEquals(8, GemmTile.rows("8", 16));
        assertEquals(4, GemmTile.rows(" 4 ", 32));
        assertEquals(2 * MicroKernel.L, MicroKernel.NR);
    }

    @Test
    void anotherHeightIsRefusedWithOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmTile.rows("6", 16));
        assertEquals("-Dazr4j.gemm.rows must be 4 or 8, got '6'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GemmTile.rows("eight", 32));
    }

    @Test
    void theOtherTileMatchesTheReference(@TempDir Path tmp) throws Exception {
        int other = MicroKernel.MR == 4 ? 8 : 4;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dazr4j.gemm.rows=" + other));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-XX:UseAVX=")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OtherTile.class.getName()));
        Path out = tmp.resolve("out.txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            fail("the other JVM did not finish within 5 minutes");
        }
        String text = Files.readString(out);
        assertEquals(0, child.exitValue(), text);
        if (!text.contains("tile " + other + " rows: " + CpuBackendTest.cases().count() + " cases match")) fail(text);
    }

    /** Runs in the other JVM: every case on one and several threads, exit status 1 on the first mismatch. */
    static final class OtherTile {
        public static void main(String[] args) {
            try (CpuBackend one = new CpuBackend(1); CpuBackend many = new CpuBackend(3)) {
                long n = 0;
                for (Arguments a : CpuBackendTest.cases().toList()) {
                    Object[] x = a.get();
                    for (CpuBackend be : new CpuBackend[] {one, many}) {
                        CpuBackendTest.check(be, (CpuBackendTest.Variant) x[0], (int) x[1], (int) x[2], (int) x[3],
                                (boolean) x[4], (long) x[5]);
                    }
                    n++;
                }
                System.out.println("tile " + MicroKernel.MR + " rows: " + n + " cases match");
            } catch (Throwable e) {
                e.printStackTrace(System.out);
                System.exit(1);
            }
        }
    }
}
