package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigWriter;
import dev.azr4j.model.io.CheckpointException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The azr command in-process: exit codes and one-line errors. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Main.run(cl, args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result azr(String... args) {
        return run(AzrCommand.commandLine(), args);
    }

    /** azr with a test subcommand {@code probe} that loads the configuration and then does {@code --do}. */
    private static Result probe(String... args) {
        CommandLine cl = AzrCommand.commandLine();
        cl.addSubcommand("probe", new Probe());
        AzrCommand.applyErrorHandling(cl);
        return run(cl, args);
    }

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--do")
        String action = "print";

        @Option(names = "--file")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AzrConfig c = config.load("tiny");
            switch (action) {
                case "read" -> Files.readString(file);
                case "bug" -> throw new IllegalStateException("broken invariant");
                case "checkpoint" -> throw new CheckpointException(file + ": model.safetensors is truncated");
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "python" -> spec.commandLine().getOut().println("python=" + c.executor().python());
                default -> spec.commandLine().getOut().println("batch_size=" + c.selfplay().batchSize());
            }
            return 0;
        }
    }

    @Test
    void versionPrintsAzr4jAndJava() {
        Result r = azr("version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("azr4j "), r.out());
        assertTrue(r.out().contains("Java " + Runtime.version().feature()), r.out());
        assertEquals("", r.err());
        assertEquals(0, azr("--version").code());
    }

    @Test
    void helpListsEverySubcommand() {
        Result r = azr("--help");
        assertEquals(0, r.code());
        for (String sub : List.of("train", "eval", "generate", "score", "tokenize", "exec", "bench", "report", "version")) {
            assertTrue(r.out().contains("  " + sub + " "), sub + " missing from\n" + r.out());
        }
        assertTrue(r.out().contains("--debug"), r.out());
        for (String sub : List.of("train", "eval", "generate", "score", "tokenize", "exec", "bench", "report", "version")) {
            Result h = azr(sub, "--help");
            assertEquals(0, h.code(), sub);
            assertTrue(h.out().startsWith("Usage: azr " + sub), h.out());
        }
    }

    @Test
    void benchNamesItsModelPresetApartFromTheConfigurationPreset() {
        Result ok = azr("bench", "train", "--model-preset", "tiny", "--batch", "1", "--seq", "8", "--steps", "1", "--warmup", "0",
                "--threads", "1", "--json");
        assertEquals(0, ok.code(), ok.err());
        Result old = azr("bench", "train", "--preset", "tiny");
        assertEquals(2, old.code(), "--preset is the configuration preset of train and eval: " + old.out() + old.err());
    }

    @Test
    void unknownSubcommandIsOneLineExit2WithSuggestion() {
        Result r = azr("trian");
        assertEquals(2, r.code());
        assertEquals(List.of("azr: unknown command 'trian' (did you mean 'train'?); see 'azr --help'"), r.errLines());
        assertEquals("", r.out());
        r = azr("bench", "matmull");
        assertEquals(2, r.code());
        assertEquals(List.of("azr bench: unknown command 'matmull' (did you mean 'matmul'?); see 'azr bench --help'"), r.errLines());
    }

    @Test
    void helpForAnUnknownCommandIsOneLineExit2() {
        Result r = azr("help", "trian");
        assertEquals(2, r.code());
        assertEquals(List.of("azr: Unknown subcommand 'trian'; see 'azr --help'"), r.errLines());
    }

    @Test
    void unknownOptionIsOneLineExit2() {
        Result r = azr("version", "--verbose");
        assertEquals(2, r.code());
        assertEquals(List.of("azr version: unknown option '--verbose'; see 'azr version --help'"), r.errLines());
        r = probe("probe", "--presett", "tiny");
        assertEquals(2, r.code());
        assertEquals(List.of("azr probe: unknown option '--presett' (did you mean '--preset'?); see 'azr probe --help'"), r.errLines());
    }

    @Test
    void badOptionValueIsOneLineExit2() {
        Result r = probe("probe", "--config");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("azr probe: Missing required parameter"), r.err());
    }

    @Test
    void configurationLayersReachTheCommand() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "selfplay:\n  batch_size: 5\n");
        assertEquals("batch_size=8\n", probe("probe").out());
        assertEquals("batch_size=64\n", probe("probe", "--preset", "default").out());
        assertEquals("batch_size=5\n", probe("probe", "--config", f.toString()).out());
        assertEquals("batch_size=7\n", probe("probe", "--config", f.toString(), "--set", "selfplay.batch_size=7").out());
        assertEquals("python=/opt/py/bin/python3.12\n", probe("probe", "--do", "python", "--python", "/opt/py/bin/python3.12").out(),
                "--python is executor.python, as in azr exec");
        assertEquals("python=python3.13\n", probe("probe", "--do", "python", "--set", "executor.python=x", "--python", "python3.13").out());
    }

    @Test
    void configErrorIsOneLineExit2() {
        Result r = probe("probe", "--set", "selfplay.batch_sise=3");
        assertEquals(2, r.code());
        assertEquals(List.of("azr probe: unknown configuration key 'selfplay.batch_sise' (from --set selfplay.batch_sise=3); "
                + "did you mean 'selfplay.batch_size'?"), r.errLines());
        r = probe("probe", "--set", "optim.lr=-1");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size());
        r = probe("probe", "--preset", "huge");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown preset 'huge'"), r.err());
    }

    @Test
    void missingConfigFileIsOneLineExit2() {
        Path f = dir.resolve("missing.yaml");
        Result r = probe("probe", "--config", f.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("azr probe: configuration file " + f + " does not exist"), r.errLines());
    }

    @Test
    void malformedConfigFileIsOneLineExit2() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "run: [1,\n");
        Result r = probe("probe", "--config", f.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("is not valid YAML at line"), r.err());
    }

    @Test
    void missingInputFileIsOneLineExit2() {
        Path f = dir.resolve("nothing-here.txt");
        Result r = probe("probe", "--do", "read", "--file", f.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("azr probe: no such file or directory: " + f), r.errLines());
    }

    @Test
    void checkpointErrorIsUserError() {
        Result r = probe("probe", "--do", "checkpoint", "--file", "ckpt");
        assertEquals(2, r.code());
        assertEquals(List.of("azr probe: ckpt: model.safetensors is truncated"), r.errLines());
    }

    @Test
    void badEngineJvmOptionIsOneLineExit2BeforeAnythingRuns() {
        System.setProperty("azr4j.gemm.rows", "6");
        try {
            Result r = azr("version");
            assertEquals(2, r.code());
            assertEquals(List.of("azr: -Dazr4j.gemm.rows must be 4 or 8, got '6' (a JVM option, e.g. in AZR_JAVA_OPTS)"),
                    r.errLines());
            assertEquals("", r.out());
        } finally {
            System.clearProperty("azr4j.gemm.rows");
        }
    }

    /**
     * The executor's commands never compute, so they run on a JVM without the vector module (a
     * plain {@code java -jar azr.jar exec}); the engine's check of its own JVM option must not
     * load a vector class first.
     */
    @Test
    void theExecutorRunsWithoutTheVectorModule() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasPython(), "python3 (3.10+) not on PATH");
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "dev.azr4j.cli.Main", "exec")
                .redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write("{\"op\":\"run\",\"program\":\"def f(a):\\n    return a * 3\",\"input\":\"2\"}\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "exec did not end");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"output\":\"6\""), out);
    }

    private static boolean hasPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start();
            return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void exportOfAMissingCheckpointIsOneLineExit2() {
        Result r = azr("export", "--model", "no/such/dir", "--gguf", "out.gguf");
        assertEquals(2, r.code());
        assertEquals(List.of("azr export: model directory not found: no/such/dir"), r.errLines());
    }

    @Test
    void internalErrorIsOneLineExit1WithHint() {
        Result r = probe("probe", "--do", "bug");
        assertEquals(1, r.code());
        assertEquals(List.of("azr probe: internal error: IllegalStateException: broken invariant "
                + "(run again with --debug to see the stack trace)"), r.errLines());
        r = probe("probe", "--do", "oom");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("out of memory") && r.err().contains("AZR_JAVA_OPTS"), r.err());
        assertEquals(1, r.errLines().size());
    }

    @Test
    void debugShowsTheStackTrace() {
        Result r = probe("--debug", "probe", "--do", "bug");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("java.lang.IllegalStateException: broken invariant"), r.err());
        assertTrue(r.err().contains("\tat dev.azr4j.cli.CliTest$Probe.call"), r.err());
        assertFalse(r.err().contains("run again with --debug"));
        r = probe("probe", "--debug", "--set", "x=1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat dev.azr4j.core.config"), r.err());
    }

    @Test
    void resolvedConfigCanBeFedBack() throws IOException {
        Path f = dir.resolve("run/config.yaml");
        ConfigWriter.write(dev.azr4j.core.config.ConfigLoader.preset("small"), f);
        assertEquals("batch_size=8\n", probe("probe", "--config", f.toString()).out());
    }
}
