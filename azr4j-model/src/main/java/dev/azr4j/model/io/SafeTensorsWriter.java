package dev.azr4j.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a {@code .safetensors} file as HuggingFace does: 8-byte little-endian header length, a JSON
 * header ({@code __metadata__: {"format": "pt"}}, then per tensor dtype, shape and data offsets)
 * padded with spaces to a multiple of 8 bytes, then the tensors back to back. The file is written
 * beside the target and moved into place, so readers never see half a file.
 */
public final class SafeTensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 20;

    private SafeTensorsWriter() {}

    /** Writes {@code tensors} (in the given order) to {@code file} as {@code dtype} (F32, BF16 or F16). */
    public static void write(Path file, Collection<NamedTensor> tensors, DType dtype) throws IOException {
        byte[] header = header(tensors, dtype);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                buf.flip();
                writeFully(ch, buf);
                writeFully(ch, ByteBuffer.wrap(header));
                for (NamedTensor t : tensors) writeData(ch, buf, t.data(), dtype);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code tensors} into checkpoint directory {@code dir} as transformers does:
     * {@code model.safetensors} when they fit in {@code maxShardBytes}, otherwise
     * {@code model-0000i-of-0000n.safetensors} shards (tensors kept whole, in order) and
     * {@code model.safetensors.index.json}. A stale single file or index from an earlier save is removed
     * so {@link SafeTensorsReader#readDirectory} cannot pick it up.
     */
    public static void writeDirectory(Path dir, Collection<NamedTensor> tensors, DType dtype, long maxShardBytes) throws IOException {
        Files.createDirectories(dir);
        java.util.List<java.util.List<NamedTensor>> shards = new java.util.ArrayList<>();
        java.util.List<NamedTensor> current = new java.util.ArrayList<>();
        long currentBytes = 0;
        long total = 0;
        for (NamedTensor t : tensors) {
            long bytes = (long) t.numel() * dtype.bytes();
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new java.util.ArrayList<>();
                currentBytes = 0;
            }
            current.add(t);
            currentBytes += bytes;
            total += bytes;
        }
        shards.add(current);
        Path single = dir.resolve(SafeTensorsReader.SINGLE_FILE);
        Path index = dir.resolve(SafeTensorsReader.INDEX_FILE);
        if (shards.size() == 1) {
            write(single, shards.getFirst(), dtype);
            Files.deleteIfExists(index);
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("metadata").put("total_size", total);
        ObjectNode weightMap = root.putObject("weight_map");
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            write(dir.resolve(name), shards.get(i), dtype);
            for (NamedTensor t : shards.get(i)) weightMap.put(t.name(), name);
        }
        Files.deleteIfExists(single);
        Path tmp = Files.createTempFile(dir, "." + SafeTensorsReader.INDEX_FILE, ".tmp");
        try {
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The header JSON, space-padded so the data starts 8-byte aligned. */
    static byte[] header(Collection<NamedTensor> tensors, DType dtype) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("__metadata__").put("format", "pt");
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (t.name().isEmpty() || t.name().equals("__metadata__")) throw new IllegalArgumentException("invalid tensor name '" + t.name() + "'");
            if (!names.add(t.name())) throw new IllegalArgumentException("tensor " + t.name() + " is given twice");
            ObjectNode info = root.putObject(t.name());
            info.put("dtype", dtype.name());
            var shape = info.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long end = offset + (long) t.numel() * dtype.bytes();
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    private static void writeData(FileChannel ch, ByteBuffer buf, float[] data, DType dtype) throws IOException {
        buf.clear();
        if (dtype == DType.F32) {
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, CHUNK / 4);
                buf.clear();
                buf.asFloatBuffer().put(data, off, n);
                buf.limit(n * 4);
                writeFully(ch, buf);
                off += n;
            }
            return;
        }
        for (float v : data) {
            if (buf.remaining() < 4) {
                buf.flip();
                writeFully(ch, buf);
                buf.clear();
            }
            switch (dtype) {
                case F32 -> buf.putFloat(v);
                case BF16 -> buf.putShort(DType.toBf16(v));
                case F16 -> buf.putShort(Float.floatToFloat16(v));
            }
        }
        buf.flip();
        writeFully(ch, buf);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
