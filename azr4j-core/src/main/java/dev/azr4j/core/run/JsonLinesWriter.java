package dev.azr4j.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON value per line to a file ({@code metrics.jsonl}, task buffers). Each line is
 * written with one write call and handed to the OS before {@link #append} returns, so a crash
 * loses at most the line being written. Opening an existing file never truncates what is there;
 * only a torn last line (a crash in the middle of a write) is repaired first: kept if it is a
 * whole JSON value missing its newline, cut off otherwise.
 */
public final class JsonLinesWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesWriter.class);
    /** The mapper used for JSON lines; records and maps serialise as objects. */
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final FileChannel channel;

    private JsonLinesWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it (and its directory) if missing, repairing a torn last line. */
    public static JsonLinesWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            repairTornTail(file, ch);
            ch.position(ch.size());
            return new JsonLinesWriter(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends {@code value} (a record, map, list, ...) as one line of JSON. */
    public synchronized void append(Object value) throws IOException {
        byte[] line = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) channel.write(buf);
    }

    public Path file() {
        return file;
    }

    /** Forces the lines to disk and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        if (!channel.isOpen()) return;
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }

    private static void repairTornTail(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0 || lastByte(ch, size) == '\n') return;
        long start = lastLineStart(ch, size);
        ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(size - start));
        ch.read(tail, start);
        String text = new String(tail.array(), StandardCharsets.UTF_8);
        if (JsonLines.parse(text) != null) {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            LOG.warn("{}: the last line had no newline (an interrupted write); it is complete, so it is kept", file);
        } else {
            ch.truncate(start);
            LOG.warn("{}: removed a torn last line of {} bytes left by an interrupted write", file, size - start);
        }
    }

    private static int lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, size - 1);
        return b.get(0);
    }

    /** Offset just after the last newline before {@code size}, or 0. */
    private static long lastLineStart(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - from));
            ch.read(buf, from);
            for (int i = (int) (end - from) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') return from + i + 1;
            }
            end = from;
        }
        return 0;
    }
}
