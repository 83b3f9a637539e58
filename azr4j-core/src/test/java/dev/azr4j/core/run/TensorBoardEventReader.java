package dev.azr4j.core.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reader of TensorBoard event files for tests: the TFRecord framing with its masked
 * CRC32C (a bitwise CRC over the Castagnoli polynomial, not the JDK's class the writer uses) and the
 * few fields of {@code tensorflow.Event} / {@code Summary.Value}, decoded from the protobuf wire format.
 */
final class TensorBoardEventReader {
    /** One event: wall time, step, file_version (or null), session_log status (or -1) and its scalars by tag. */
    record Event(double wallTime, long step, String fileVersion, int sessionStatus, Map<String, Float> scalars) {}

    private TensorBoardEventReader() {}

    static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] len = new byte[8];
            b.get(len);
            long length = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (b.getInt() != masked(crc32c(len))) throw new IOException("bad length CRC at record " + events.size());
            byte[] data = new byte[Math.toIntExact(length)];
            b.get(data);
            if (b.getInt() != masked(crc32c(data))) throw new IOException("bad data CRC at record " + events.size());
            events.add(event(data));
        }
        return events;
    }

    static int crc32c(byte[] data) {
        int crc = ~0;
        for (byte x : data) {
            crc ^= x & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
        }
        return ~crc;
    }

    static int masked(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static Event event(byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double wall = 0;
        long step = 0;
        String version = null;
        int status = -1;
        Map<String, Float> scalars = new LinkedHashMap<>();
        while (b.hasRemaining()) {
            long tag = varint(b);
            int field = (int) (tag >>> 3), wire = (int) (tag & 7);
            switch (field) {
                case 1 -> wall = expect(wire, 1, b).getDouble();
                case 2 -> {
                    if (wire != 0) throw new IOException("step: wire type " + wire);
                    step = varint(b);
                }
                case 3 -> version = new String(bytes(wire, b), StandardCharsets.UTF_8);
                case 5 -> summary(bytes(wire, b), scalars);
                case 7 -> {
                    ByteBuffer log = ByteBuffer.wrap(bytes(wire, b));
                    long tag2 = varint(log);
                    if (tag2 != (1 << 3)) throw new IOException("unexpected SessionLog field " + (tag2 >>> 3));
                    status = (int) varint(log);
                }
                default -> throw new IOException("unexpected Event field " + field);
            }
        }
        return new Event(wall, step, version, status, scalars);
    }

    private static void summary(byte[] data, Map<String, Float> scalars) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            long tag = varint(b);
            if (tag >>> 3 != 1) throw new IOException("unexpected Summary field " + (tag >>> 3));
            ByteBuffer v = ByteBuffer.wrap(bytes((int) (tag & 7), b)).order(ByteOrder.LITTLE_ENDIAN);
            String name = null;
            Float value = null;
            while (v.hasRemaining()) {
                long t = varint(v);
                if (t >>> 3 == 1) name = new String(bytes((int) (t & 7), v), StandardCharsets.UTF_8);
                else if (t >>> 3 == 2) value = expect((int) (t & 7), 5, v).getFloat();
                else throw new IOException("unexpected Value field " + (t >>> 3));
            }
            scalars.put(name, value);
        }
    }

    private static ByteBuffer expect(int wire, int wanted, ByteBuffer b) throws IOException {
        if (wire != wanted) throw new IOException("wire type " + wire + ", expected " + wanted);
        return b;
    }

    private static byte[] bytes(int wire, ByteBuffer b) throws IOException {
        expect(wire, 2, b);
        byte[] out = new byte[Math.toIntExact(varint(b))];
        b.get(out);
        return out;
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
    }
}
