package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/jdk.sh's {@code azr_exec_java}, which bin/azr runs the JVM with: the JVM's incubator warning
 * is gone from stderr, everything else (stdin, stdout, stderr with carriage returns, the exit
 * status) passes through unchanged.
 */
class LauncherTest {
    private static final Path JDK_SH = Path.of("..", "bin", "jdk.sh").toAbsolutePath().normalize();

    private record Run(int code, String out, String err) {}

    private static Run launch(int exitCode, String stdin) throws IOException, InterruptedException {
        return launch(exitCode, stdin, false);
    }

    private static Run launch(int exitCode, String stdin, boolean raw) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(JDK_SH), "bin/jdk.sh not found next to the module: skipped");
        assumeTrue(new File("/bin/bash").canExecute(), "bash not found: skipped");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = ". '" + JDK_SH + "'; azr_exec_java '" + java + "' --add-modules jdk.incubator.vector -cp '"
                + System.getProperty("java.class.path") + "' dev.azr4j.cli.LauncherProbe " + exitCode;
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/bash", "-c", script));
        if (raw) pb.environment().put("AZR_RAW_STDERR", "1");
        else pb.environment().remove("AZR_RAW_STDERR");
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                outText.complete(new String(out.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                outText.completeExceptionally(e);
            }
        });
        String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish");
        }
        t.join();
        return new Run(p.exitValue(), outText.join(), errText);
    }

    @Test
    void incubatorWarningIsDroppedAndAllElsePassesThrough() throws Exception {
        Run r = launch(0, "hello\n");
        assertEquals(0, r.code());
        assertEquals("stdin=hello\n", r.out());
        assertEquals("progress 50%\rlast words\n", r.err());
    }

    @Test
    void withoutTheFilterTheWarningIsThere() throws Exception {
        Run r = launch(0, "", true);
        assertEquals("WARNING: Using incubator modules: jdk.incubator.vector\nprogress 50%\rlast words\n", r.err());
    }

    @Test
    void exitStatusIsKept() throws Exception {
        assertEquals(2, launch(2, "").code());
        assertEquals(1, launch(1, "").code());
    }
}
