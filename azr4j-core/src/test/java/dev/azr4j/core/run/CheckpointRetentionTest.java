package dev.azr4j.core.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoints {@code run.keep_checkpoints} deletes, and how. */
class CheckpointRetentionTest {
    @TempDir
    Path dir;

    @Test
    void keepsStep0TheNewestKAndTheOneJustWritten() {
        assertEquals(List.of(5L, 10L), CheckpointRetention.toDelete(List.of(0L, 5L, 10L, 15L, 20L, 25L), 3, 25));
        assertEquals(List.of(), CheckpointRetention.toDelete(List.of(0L, 5L, 10L, 15L), 3, 15), "step-0 is not counted in K");
        assertEquals(List.of(), CheckpointRetention.toDelete(List.of(0L, 5L, 10L, 15L, 20L), 0, 20), "0 keeps all");
        assertEquals(List.of(5L), CheckpointRetention.toDelete(List.of(0L, 5L, 10L, 15L), 1, 10),
                "the checkpoint just written stays even when newer ones exist");
        assertEquals(List.of(2L), CheckpointRetention.toDelete(List.of(2L, 4L), 1, 4), "a run without step-0");
    }

    @Test
    void prunesOnDiskWithoutLeavingAnything() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        for (long s : List.of(0L, 1L, 2L, 3L)) run.publishCheckpoint(s, tmp -> Files.writeString(tmp.resolve("w"), "x"));
        assertEquals(List.of(1L, 2L), new CheckpointRetention(run, 1).prune(3));
        assertEquals(List.of(0L, 3L), run.checkpointSteps());
        try (var s = Files.list(run.checkpoints())) {
            assertEquals(2, s.count(), "the deleted checkpoints are gone, not parked under another name");
        }
        assertThrows(IllegalArgumentException.class, () -> new CheckpointRetention(run, -1));
    }

    @Test
    void aDeletionACrashInterruptedIsNoCheckpointAndIsSweptAtTheNextStart() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        run.publishCheckpoint(4, tmp -> Files.writeString(tmp.resolve("w"), "x"));
        Path trash = run.checkpoints().resolve(CheckpointRetention.TRASH_PREFIX + "step-7-1f");
        Files.createDirectories(trash.resolve("buffers"));
        assertEquals(List.of(4L), run.checkpointSteps());
        RunDirectory.create(run.root());
        assertFalse(Files.exists(trash));
    }
}
