package dev.azr4j.model.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF file (version 3, little-endian: the format of llama.cpp and ggml): metadata
 * key-values, then a table of tensors, then their fp32 data, each aligned to
 * {@value #ALIGNMENT} bytes. Tensor shapes are given in row-major order as everywhere in azr4j;
 * the file stores them fastest dimension first, as ggml does. The file is written beside its
 * target and moved into place.
 */
public final class GgufWriter {
    static final int MAGIC = 0x46554747;   // "GGUF" read as a little-endian u32
    static final int VERSION = 3;
    static final int ALIGNMENT = 32;
    /** ggml's type id of fp32 tensors. */
    static final int GGML_F32 = 0;

    /** GGUF value types (gguf.GGUFValueType). */
    enum ValueType {
        UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64
    }

    private final Map<String, Object[]> metadata = new LinkedHashMap<>();   // key -> {type, value}
    private final List<NamedTensor> tensors = new ArrayList<>();

    public GgufWriter putString(String key, String value) {
        return put(key, ValueType.STRING, value);
    }

    public GgufWriter putUint32(String key, long value) {
        if (value < 0 || value > 0xffffffffL) throw new IllegalArgumentException(key + ": " + value + " is not a u32");
        return put(key, ValueType.UINT32, value);
    }

    public GgufWriter putFloat32(String key, double value) {
        return put(key, ValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, ValueType.BOOL, value);
    }

    public GgufWriter putStrings(String key, List<String> values) {
        return put(key, ValueType.ARRAY, new Object[] {ValueType.STRING, List.copyOf(values)});
    }

    public GgufWriter putInt32s(String key, List<Integer> values) {
        return put(key, ValueType.ARRAY, new Object[] {ValueType.INT32, List.copyOf(values)});
    }

    private GgufWriter put(String key, ValueType type, Object value) {
        if (metadata.containsKey(key)) throw new IllegalArgumentException("metadata key " + key + " given twice");
        metadata.put(key, new Object[] {type, value});
        return this;
    }

    /** Adds an fp32 tensor; {@code tensor.shape()} is row-major (the last dimension fastest). */
    public GgufWriter addTensor(NamedTensor tensor) {
        tensors.add(tensor);
        return this;
    }

    /** Writes the file: beside {@code file}, then moved into place. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeTo(OutputStream raw) throws IOException {
        Counting out = new Counting(raw);
        out.u32(MAGIC);
        out.u32(VERSION);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, Object[]> e : metadata.entrySet()) {
            out.string(e.getKey());
            ValueType type = (ValueType) e.getValue()[0];
            out.u32(type.ordinal());
            value(out, type, e.getValue()[1]);
        }
        long offset = 0;
        for (NamedTensor t : tensors) {
            out.string(t.name());
            int[] shape = t.shape();
            out.u32(shape.length);
            for (int i = shape.length - 1; i >= 0; i--) out.u64(shape[i]);
            out.u32(GGML_F32);
            out.u64(offset);
            offset = align(offset + 4L * t.numel());
        }
        out.pad();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (NamedTensor t : tensors) {
            float[] data = t.data();
            for (int i = 0; i < data.length; ) {
                chunk.clear();
                int n = Math.min(data.length - i, chunk.capacity() / 4);
                chunk.asFloatBuffer().put(data, i, n);
                out.bytes(chunk.array(), 4 * n);
                i += n;
            }
            out.pad();
        }
        out.flush();
    }

    @SuppressWarnings("unchecked")
    private static void value(Counting out, ValueType type, Object v) throws IOException {
        switch (type) {
            case STRING -> out.string((String) v);
            case UINT32 -> out.u32((int) (long) (Long) v);
            case INT32 -> out.u32((Integer) v);
            case FLOAT32 -> out.u32(Float.floatToRawIntBits((float) (double) (Double) v));
            case BOOL -> out.bytes(new byte[] {(byte) ((Boolean) v ? 1 : 0)}, 1);
            case ARRAY -> {
                Object[] a = (Object[]) v;
                ValueType element = (ValueType) a[0];
                List<Object> items = (List<Object>) a[1];
                out.u32(element.ordinal());
                out.u64(items.size());
                for (Object item : items) value(out, element, element == ValueType.UINT32 ? ((Number) item).longValue() : item);
            }
            default -> throw new IllegalStateException("no writer for " + type);
        }
    }

    static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Little-endian primitives over a stream that counts its bytes (for the alignment padding). */
    private static final class Counting {
        private final OutputStream out;
        private final byte[] scratch = new byte[8];
        private long written;

        Counting(OutputStream out) {
            this.out = out;
        }

        void u32(int v) throws IOException {
            ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v);
            bytes(scratch, 4);
        }

        void u64(long v) throws IOException {
            ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
            bytes(scratch, 8);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes(b, b.length);
        }

        void bytes(byte[] b, int n) throws IOException {
            out.write(b, 0, n);
            written += n;
        }

        void pad() throws IOException {
            int n = (int) (align(written) - written);
            if (n > 0) bytes(new byte[n], n);
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
