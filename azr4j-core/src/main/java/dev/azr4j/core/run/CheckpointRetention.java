package dev.azr4j.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code run.keep_checkpoints}: a run keeps its newest K checkpoints plus {@code step-0} (the untrained
 * model, the baseline of every evaluation). A checkpoint is deleted by first renaming it to a
 * temporary name, which {@link RunDirectory#checkpointSteps()} never lists, and only then deleting
 * its files: a crash in between leaves no half-deleted {@code step-N} for a resume to pick, and
 * the leftover is swept by the next prune (or by {@link AtomicFiles#deleteLeftovers}, which owns
 * the {@link AtomicFiles#TEMP_PREFIX} names).
 */
public final class CheckpointRetention {
    /** Name prefix of a checkpoint being deleted. */
    static final String TRASH_PREFIX = AtomicFiles.TEMP_PREFIX + "deleted-";

    private final RunDirectory run;
    private final int keep;

    /** @param keep the newest checkpoints kept besides {@code step-0}; 0 keeps all */
    public CheckpointRetention(RunDirectory run, int keep) {
        if (keep < 0) throw new IllegalArgumentException("keep must be >= 0, got " + keep);
        this.run = run;
        this.keep = keep;
    }

    /**
     * Deletes the checkpoints beyond the newest {@code keep} (never {@code step-0}, never
     * {@code justWritten}) and the leftovers of deletions a crash interrupted; returns the steps deleted.
     */
    public List<Long> prune(long justWritten) throws IOException {
        sweepTrash();
        List<Long> doomed = toDelete(run.checkpointSteps(), keep, justWritten);
        for (long step : doomed) delete(run.checkpoint(step));
        return doomed;
    }

    /** The steps to delete from {@code steps} (ascending): all but 0, {@code justWritten} and the newest {@code keep}. */
    static List<Long> toDelete(List<Long> steps, int keep, long justWritten) {
        if (keep == 0) return List.of();
        List<Long> trained = steps.stream().filter(s -> s != 0).toList();
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < trained.size() - keep; i++) {
            long s = trained.get(i);
            if (s != justWritten) out.add(s);
        }
        return out;
    }

    private static void delete(Path checkpoint) throws IOException {
        Path trash = checkpoint.resolveSibling(TRASH_PREFIX + checkpoint.getFileName() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        // the rename is the deletion as far as resume is concerned; the files go afterwards
        Files.move(checkpoint, trash, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.deleteRecursively(trash);
    }

    private void sweepTrash() throws IOException {
        if (!Files.isDirectory(run.checkpoints())) return;
        List<Path> leftovers;
        try (var entries = Files.list(run.checkpoints())) {
            leftovers = entries.filter(p -> p.getFileName().toString().startsWith(TRASH_PREFIX)).toList();
        }
        for (Path p : leftovers) AtomicFiles.deleteRecursively(p);
    }
}
