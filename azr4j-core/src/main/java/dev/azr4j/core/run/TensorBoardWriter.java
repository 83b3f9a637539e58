package dev.azr4j.core.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes metrics rows as TensorBoard scalars: an event file
 * {@code events.out.tfevents.<seconds>.<host>} in the TFRecord framing that TensorBoard reads.
 * Each record is {@code uint64 length, uint32 masked_crc32c(length), bytes data,
 * uint32 masked_crc32c(data)} (little-endian); each data is a serialised {@code tensorflow.Event}
 * protobuf. The first event carries {@code file_version = "brain.Event:2"}; then one event per step
 * with {@code wall_time}, {@code step} and a {@code summary} of one {@code value {tag, simple_value}}
 * per numeric metric (tags are the keys of {@code metrics.jsonl}). The few protobuf fields are
 * encoded by hand (field numbers from tensorflow/core/util/event.proto and summary.proto).
 * A resumed run starts a new event file beside the old ones; TensorBoard reads them all, and the
 * {@code session_log {status: START}} event each file begins with, at the first step it will
 * write, tells TensorBoard to drop what older files hold for that step and later (steps re-run after
 * an interruption).
 */
public final class TensorBoardWriter implements AutoCloseable {
    static final String FILE_VERSION = "brain.Event:2";
    private static final int MASK_DELTA = 0xa282ead8;
    /** {@code SessionLog.SessionStatus.START} (event.proto: Event.session_log = 7, SessionLog.status = 1). */
    private static final int SESSION_START = 1;

    private final Path file;
    private final OutputStream out;

    private TensorBoardWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Creates a new event file in {@code dir} (created if missing) and writes its version event and
     * a session start at {@code firstStep}, the first step this writer will be given.
     */
    public static TensorBoardWriter open(Path dir, long firstStep) throws IOException {
        Files.createDirectories(dir);
        long now = System.currentTimeMillis();
        Path file = dir.resolve("events.out.tfevents." + now / 1000 + "." + host());
        for (int i = 1; Files.exists(file); i++) file = dir.resolve("events.out.tfevents." + now / 1000 + "." + host() + "." + i);
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        TensorBoardWriter w = new TensorBoardWriter(file, out);
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        writeDouble(event, 1, now / 1000.0);
        writeBytes(event, 3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
        w.record(event.toByteArray());
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        writeDouble(start, 1, now / 1000.0);
        writeVarintField(start, 2, firstStep);
        ByteArrayOutputStream sessionLog = new ByteArrayOutputStream();
        writeVarintField(sessionLog, 1, SESSION_START);
        writeBytes(start, 7, sessionLog.toByteArray());
        w.record(start.toByteArray());
        return w;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one step's numeric values (a metrics row: {@code step} is the event's step, every other
     * number a scalar; nulls and non-numbers are left out, the strings {@code "NaN"} and
     * {@code "±Infinity"} become those floats).
     */
    public synchronized void append(Map<String, ?> row) throws IOException {
        if (!(row.get("step") instanceof Number step)) throw new IllegalArgumentException("a metrics row needs a numeric 'step'");
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        for (Map.Entry<String, ?> e : row.entrySet()) {
            if (e.getKey().equals("step")) continue;
            Float v = scalar(e.getValue());
            if (v == null) continue;
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            writeBytes(value, 1, e.getKey().getBytes(StandardCharsets.UTF_8));
            writeFloat(value, 2, v);
            writeBytes(summary, 1, value.toByteArray());
        }
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        writeDouble(event, 1, System.currentTimeMillis() / 1000.0);
        writeVarintField(event, 2, step.longValue());
        writeBytes(event, 5, summary.toByteArray());
        record(event.toByteArray());
    }

    private static Float scalar(Object v) {
        if (v instanceof Number n) return n.floatValue();
        if (v instanceof Boolean b) return b ? 1f : 0f;
        if (v instanceof String s) {
            return switch (s) {
                case "NaN" -> Float.NaN;
                case "Infinity" -> Float.POSITIVE_INFINITY;
                case "-Infinity" -> Float.NEGATIVE_INFINITY;
                default -> null;
            };
        }
        return null;
    }

    /** One TFRecord: length, masked CRC of the length, the data, masked CRC of the data; flushed at once. */
    private void record(byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc32c(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc32c(data, 0, data.length));
        out.write(b.array());
        out.flush();
    }

    /** TFRecord's masked CRC32C: rotate right by 15 bits and add a constant. */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    // ---- protobuf wire format: tag = field << 3 | wire type --------------------------------------

    private static void writeVarint(OutputStream o, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static void writeVarintField(OutputStream o, int field, long v) throws IOException {
        writeVarint(o, (long) field << 3);
        writeVarint(o, v);
    }

    private static void writeDouble(OutputStream o, int field, double v) throws IOException {
        writeVarint(o, (long) field << 3 | 1);
        o.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
    }

    private static void writeFloat(OutputStream o, int field, float v) throws IOException {
        writeVarint(o, (long) field << 3 | 5);
        o.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
    }

    private static void writeBytes(OutputStream o, int field, byte[] bytes) throws IOException {
        writeVarint(o, (long) field << 3 | 2);
        writeVarint(o, bytes.length);
        o.write(bytes);
    }

    /** The host name for the file name (as TensorBoard's own writers do), without a DNS lookup that could stall. */
    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                h = "";
            }
        }
        h = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return h.isEmpty() ? "localhost" : h;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
