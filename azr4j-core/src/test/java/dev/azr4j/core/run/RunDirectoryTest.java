package dev.azr4j.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void layoutFollowsTheDesign() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Path root = dir.resolve("run");
        assertEquals(root.resolve("config.yaml"), run.config());
        assertEquals(root.resolve("metrics.jsonl"), run.metrics());
        assertEquals(root.resolve("checkpoints/step-20"), run.checkpoint(20));
        assertEquals(root.resolve("buffers/deduction.jsonl"), run.buffer("deduction"));
        assertEquals(root.resolve("samples/step-3.jsonl"), run.samples(3));
        assertEquals(root.resolve("report.html"), run.report());
        assertTrue(Files.isDirectory(run.checkpoints()) && Files.isDirectory(run.buffers()) && Files.isDirectory(run.samples()));
    }

    @Test
    void checkpointsAreListedInStepOrderAndTemporariesIgnored() throws IOException {
        RunDirectory run = RunDirectory.create(dir);
        assertEquals(Optional.empty(), run.latestCheckpoint());
        for (long step : new long[] {10, 2, 100}) {
            run.publishCheckpoint(step, tmp -> Files.writeString(tmp.resolve("state.json"), "{\"step\":" + step + "}"));
        }
        Files.createDirectories(run.checkpoints().resolve(AtomicFiles.TEMP_PREFIX + "step-200-x"));
        Files.writeString(run.checkpoints().resolve("step-300"), "a file, not a checkpoint");
        assertEquals(List.of(2L, 10L, 100L), run.checkpointSteps());
        assertEquals(Optional.of(run.checkpoint(100)), run.latestCheckpoint());
    }

    @Test
    void createRemovesCrashLeftoversButKeepsCheckpoints() throws IOException {
        RunDirectory run = RunDirectory.create(dir);
        run.publishCheckpoint(5, tmp -> Files.writeString(tmp.resolve("a"), "a"));
        Files.createDirectories(run.checkpoints().resolve(AtomicFiles.TEMP_PREFIX + "step-10-x"));
        RunDirectory.create(dir);
        assertEquals(List.of(5L), run.checkpointSteps());
        try (var s = Files.list(run.checkpoints())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void openNeedsAnExistingRun() throws IOException {
        UserException e = assertThrows(UserException.class, () -> RunDirectory.open(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("no run directory"), e.getMessage());
        e = assertThrows(UserException.class, () -> RunDirectory.open(dir));
        assertTrue(e.getMessage().contains("no config.yaml"), e.getMessage());
        assertFalse(RunDirectory.holdsRun(dir));
        Files.writeString(dir.resolve("config.yaml"), "run: {}\n");
        assertEquals(dir, RunDirectory.open(dir).root());
        assertTrue(RunDirectory.holdsRun(dir));
    }

    @Test
    void aFileIsNotARunDirectory() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThrows(UserException.class, () -> RunDirectory.create(f));
    }
}
