package dev.azr4j.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file (8-byte little-endian header length, a JSON header, raw
 * little-endian data) by memory-mapping it; F32, BF16 and F16 tensors are converted to fp32.
 */
public final class SafeTensorsReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SafeTensorsReader() {}

    /** All tensors of {@code file}, in header order, converted to fp32. */
    public static Map<String, NamedTensor> read(Path file) throws CheckpointException {
        if (!Files.isRegularFile(file)) throw new CheckpointException("checkpoint file not found: " + file);
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new CheckpointException(file + ": too short to be a safetensors file");
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = seg.get(U64, 0);
            if (headerLen <= 0 || headerLen > size - 8 || headerLen > 100_000_000L) {
                throw new CheckpointException(file + ": corrupt safetensors header length " + headerLen);
            }
            byte[] headerBytes = seg.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CheckpointException(file + ": safetensors header is not valid JSON", e);
            }
            long dataStart = 8 + headerLen;
            Map<String, NamedTensor> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) continue;
                out.put(e.getKey(), readTensor(file, seg, dataStart, size, e.getKey(), e.getValue()));
            }
            return out;
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file + ": cannot read safetensors file (" + e.getMessage() + ")", e);
        }
    }

    private static NamedTensor readTensor(Path file, MemorySegment seg, long dataStart, long size,
                                          String name, JsonNode info) throws CheckpointException {
        String dtype = info.path("dtype").asText();
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new CheckpointException(file + ": tensor " + name + " has a malformed header entry");
        }
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            numel *= shape[i];
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "BF16", "F16" -> 2;
            default -> throw new CheckpointException(file + ": tensor " + name + " has dtype " + dtype
                    + "; supported are F32, BF16 and F16");
        };
        long begin = dataStart + offsets.get(0).asLong();
        long end = dataStart + offsets.get(1).asLong();
        if (begin < dataStart || end > size || end - begin != numel * width || numel > Integer.MAX_VALUE) {
            throw new CheckpointException(file + ": tensor " + name + " has data offsets that do not match its shape"
                    + " (file truncated or corrupt)");
        }
        float[] data = new float[(int) numel];
        MemorySegment src = seg.asSlice(begin, end - begin);
        switch (dtype) {
            case "F32" -> MemorySegment.copy(src, F32, 0, data, 0, data.length);
            case "BF16" -> {
                for (int i = 0; i < data.length; i++) data[i] = Float.intBitsToFloat((src.getAtIndex(U16, i) & 0xffff) << 16);
            }
            default -> {
                for (int i = 0; i < data.length; i++) data[i] = Float.float16ToFloat(src.getAtIndex(U16, i));
            }
        }
        return new NamedTensor(name, shape, data);
    }
}
