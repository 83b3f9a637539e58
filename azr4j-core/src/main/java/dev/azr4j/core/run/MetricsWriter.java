package dev.azr4j.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line to {@code RUN/metrics.jsonl}. Each line is written with a
 * single write call and handed to the OS before {@link #append} returns. Opening an existing
 * file never truncates what is there; only a torn last line (a crash in the middle of a write)
 * is repaired first: kept if it is a whole JSON object missing its newline, cut off otherwise.
 */
public final class MetricsWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final FileChannel channel;

    private MetricsWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it if missing and repairing a torn last line. */
    public static MetricsWriter open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            repairTornTail(file, ch);
            ch.position(ch.size());
            return new MetricsWriter(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Appends one row. The row must have a numeric {@code step}; it is written first. Numbers that
     * are not finite are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
     */
    public synchronized void append(Map<String, ?> row) throws IOException {
        if (!(row.get("step") instanceof Number)) {
            throw new IllegalArgumentException("a metrics row needs a numeric 'step', got " + row.get("step"));
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("step", row.get("step"));
        for (Map.Entry<String, ?> e : row.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d && !Double.isFinite(d)) v = d.toString();
            if (v instanceof Float f && !Float.isFinite(f)) v = Double.toString(f);
            ordered.put(e.getKey(), v);
        }
        byte[] line = (JSON.writeValueAsString(ordered) + "\n").getBytes(StandardCharsets.UTF_8);
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
        if (MetricsReader.parseRow(text) != null) {
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
