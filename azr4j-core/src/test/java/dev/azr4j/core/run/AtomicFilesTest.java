package dev.azr4j.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> entries() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("a.txt"), entries());
    }

    @Test
    void failedWriteKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("a.txt"), entries());
    }

    @Test
    void writeCreatesParentDirectories() throws IOException {
        Path f = dir.resolve("x/y/z.txt");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertEquals(3, Files.size(f));
    }

    @Test
    void publishDirectoryAppearsOnlyWhenComplete() throws IOException {
        Path target = dir.resolve("step-10");
        AtomicFiles.publishDirectory(target, tmp -> {
            assertFalse(Files.exists(target), "the target must not be visible while it is written");
            Files.writeString(tmp.resolve("weights.bin"), "w");
            Files.createDirectories(tmp.resolve("sub"));
            Files.writeString(tmp.resolve("sub/state.json"), "{}");
        });
        assertEquals("w", Files.readString(target.resolve("weights.bin")));
        assertEquals("{}", Files.readString(target.resolve("sub/state.json")));
        assertEquals(List.of("step-10"), entries());
    }

    @Test
    void failedPublishLeavesNothingAndKeepsAnOldDirectory() throws IOException {
        Path target = dir.resolve("step-10");
        assertThrows(IOException.class, () -> AtomicFiles.publishDirectory(target, tmp -> {
            Files.writeString(tmp.resolve("weights.bin"), "half");
            throw new IOException("crash");
        }));
        assertEquals(List.of(), entries());

        AtomicFiles.publishDirectory(target, tmp -> Files.writeString(tmp.resolve("v"), "1"));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.publishDirectory(target, tmp -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals("1", Files.readString(target.resolve("v")));
        AtomicFiles.publishDirectory(target, tmp -> Files.writeString(tmp.resolve("v"), "2"));
        assertEquals("2", Files.readString(target.resolve("v")));
        assertEquals(List.of("step-10"), entries());
    }

    @Test
    void aDirectoryCaughtMidReplacementIsPutBack() throws IOException {
        // a crash after the old step-5 was moved aside and before the new one was renamed in
        Files.createDirectories(dir.resolve(AtomicFiles.OLD_PREFIX + "step-5-1f2e"));
        Files.writeString(dir.resolve(AtomicFiles.OLD_PREFIX + "step-5-1f2e/v"), "old");
        Files.createDirectories(dir.resolve(AtomicFiles.TEMP_PREFIX + "step-5-9a9a"));
        // and a finished replacement whose old copy was not yet deleted
        Files.createDirectories(dir.resolve("step-6"));
        Files.createDirectories(dir.resolve(AtomicFiles.OLD_PREFIX + "step-6-77"));
        AtomicFiles.deleteLeftovers(dir);
        assertEquals(List.of("step-5", "step-6"), entries());
        assertEquals("old", Files.readString(dir.resolve("step-5/v")));
    }

    @Test
    void leftoversOfACrashAreDeleted() throws IOException {
        Files.createDirectories(dir.resolve(AtomicFiles.TEMP_PREFIX + "step-3-abc/inner"));
        Files.writeString(dir.resolve(AtomicFiles.TEMP_PREFIX + "config.yaml-1"), "x");
        Files.createDirectories(dir.resolve("step-2"));
        AtomicFiles.deleteLeftovers(dir);
        assertEquals(List.of("step-2"), entries());
        assertTrue(Files.isDirectory(dir.resolve("step-2")));
    }
}
