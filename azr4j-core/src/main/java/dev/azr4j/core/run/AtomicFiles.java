package dev.azr4j.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes that a crash cannot leave half done: files are written to a temporary sibling, forced
 * to disk and renamed over the target; directories are filled under a temporary name and renamed
 * into place. Readers see the old content or the new, never a mixture.
 */
public final class AtomicFiles {
    /** Prefix of temporary siblings; {@link #deleteLeftovers} removes those a crash left behind. */
    public static final String TEMP_PREFIX = ".tmp-";
    /** Prefix of a directory being replaced; {@link #deleteLeftovers} puts it back if its replacement never arrived. */
    public static final String OLD_PREFIX = ".old-";

    private AtomicFiles() {}

    /** Something that writes content into a stream or a directory. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T target) throws IOException;
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /** Replaces {@code file} with what {@code writer} writes; on failure the old file is untouched. */
    public static void write(Path file, IoConsumer<OutputStream> writer) throws IOException {
        Path dir = parentOf(file);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(tempName(file));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                writer.accept(out);
                out.flush();
                ch.force(true);
            }
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Publishes a directory: {@code writer} fills a temporary directory next to {@code target},
     * which is then renamed to {@code target}. An existing {@code target} is replaced only after
     * the new one is complete. On failure nothing is left but the old {@code target}.
     */
    public static void publishDirectory(Path target, IoConsumer<Path> writer) throws IOException {
        Path dir = parentOf(target);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(tempName(target));
        Files.createDirectory(tmp);
        Path old = null;
        try {
            writer.accept(tmp);
            if (Files.exists(target)) {
                old = dir.resolve(OLD_PREFIX + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                move(target, old);
            }
            move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            if (old != null && !Files.exists(target)) move(old, target);
            throw e;
        } finally {
            deleteRecursively(tmp);
            if (old != null) deleteRecursively(old);
        }
    }

    /**
     * Cleans up after a crash in {@code dir}: deletes temporary files and directories, and puts
     * back a directory that was being replaced when the replacement never arrived.
     */
    public static void deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        List<Path> entries;
        try (var s = Files.list(dir)) {
            entries = s.toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(TEMP_PREFIX)) {
                deleteRecursively(p);
            } else if (name.startsWith(OLD_PREFIX) && name.lastIndexOf('-') > OLD_PREFIX.length()) {
                Path original = dir.resolve(name.substring(OLD_PREFIX.length(), name.lastIndexOf('-')));
                if (Files.exists(original)) {
                    deleteRecursively(p);
                } else {
                    move(p, original);
                }
            }
        }
    }

    /** Deletes a file or a directory tree; a missing path is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path parentOf(Path p) {
        Path parent = p.toAbsolutePath().getParent();
        if (parent == null) throw new IllegalArgumentException("no parent directory for " + p);
        return parent;
    }

    private static String tempName(Path target) {
        return TEMP_PREFIX + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
