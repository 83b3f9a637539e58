package dev.azr4j.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file (8-byte little-endian header length, a JSON header, raw
 * little-endian data) by memory-mapping it; F32, BF16 and F16 tensors are converted to fp32.
 */
public final class SafeTensorsReader {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** The single-file checkpoint name transformers writes. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The index of a sharded checkpoint: {@code {"weight_map": {tensor: shard file}}}. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
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
                throw new CheckpointException(file + ": safetensors header is " + jsonProblem(e), e);
            }
            if (header == null || !header.isObject()) throw new CheckpointException(file + ": safetensors header is not a JSON object");
            long dataStart = 8 + headerLen;
            Map<String, NamedTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : header.properties()) {
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

    /**
     * All tensors of the checkpoint directory {@code dir}: {@code model.safetensors}, or the shards
     * listed by {@code model.safetensors.index.json}. Every listed tensor must be in its shard and no
     * tensor may appear twice.
     */
    public static Map<String, NamedTensor> readDirectory(Path dir) throws CheckpointException {
        if (!Files.isDirectory(dir)) throw new CheckpointException("checkpoint directory not found: " + dir);
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) return read(single);
        Path indexFile = dir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(indexFile)) {
            throw new CheckpointException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE + " (not a safetensors checkpoint)");
        }
        JsonNode index;
        try {
            index = JSON.readTree(indexFile.toFile());
        } catch (IOException e) {
            throw new CheckpointException(indexFile + ": " + jsonProblem(e), e);
        }
        JsonNode weightMap = index == null ? null : index.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new CheckpointException(indexFile + ": has no \"weight_map\" object naming the shard of each tensor");
        }
        Map<String, String> shardOf = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            String shard = e.getValue().asText();
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")) {
                throw new CheckpointException(indexFile + ": tensor " + e.getKey() + " names an invalid shard file " + e.getValue());
            }
            shardOf.put(e.getKey(), shard);
        }
        Map<String, Map<String, NamedTensor>> shards = new LinkedHashMap<>();
        for (String shard : new java.util.LinkedHashSet<>(shardOf.values())) {
            Path shardFile = dir.resolve(shard);
            if (!Files.isRegularFile(shardFile)) {
                String example = shardOf.entrySet().stream().filter(e -> e.getValue().equals(shard)).findFirst().orElseThrow().getKey();
                throw new CheckpointException(indexFile + ": shard " + shard + " (holding " + example + ") is missing");
            }
            shards.put(shard, read(shardFile));
        }
        Map<String, String> foundIn = new java.util.HashMap<>();
        for (Map.Entry<String, Map<String, NamedTensor>> s : shards.entrySet()) {
            for (String name : s.getValue().keySet()) {
                String before = foundIn.putIfAbsent(name, s.getKey());
                if (before != null) throw new CheckpointException(dir + ": tensor " + name + " is stored twice, in " + before + " and " + s.getKey());
            }
        }
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : shardOf.entrySet()) {
            NamedTensor t = shards.get(e.getValue()).get(e.getKey());
            if (t == null) {
                String actual = foundIn.get(e.getKey());
                throw new CheckpointException(indexFile + ": tensor " + e.getKey() + " is listed in shard " + e.getValue()
                        + " but " + (actual == null ? "no listed shard holds it" : "it is in " + actual));
            }
            out.put(e.getKey(), t);
        }
        for (Map<String, NamedTensor> s : shards.values()) s.forEach(out::putIfAbsent); // unlisted extras, kept as HF loaders do
        return out;
    }

    /** What is wrong with a JSON document, from Jackson's exception (a duplicate key means a tensor listed twice). */
    private static String jsonProblem(IOException e) {
        String msg = e instanceof StreamReadException sre ? sre.getOriginalMessage() : e.getMessage();
        if (msg != null && msg.startsWith("Duplicate field")) return "not valid: a tensor is listed twice (" + msg + ")";
        return "not valid JSON (" + msg + ")";
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
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || d.asInt() < 0) throw new CheckpointException(file + ": tensor " + name + " has an invalid shape " + shapeNode);
            shape[i] = d.asInt();
            numel *= shape[i];
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "BF16", "F16" -> 2;
            default -> throw new CheckpointException(file + ": tensor " + name + " has dtype " + dtype
                    + "; supported are F32, BF16 and F16");
        };
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new CheckpointException(file + ": tensor " + name + " has non-numeric data offsets");
        }
        long begin = dataStart + offsets.get(0).asLong();
        long end = dataStart + offsets.get(1).asLong();
        if (numel > Integer.MAX_VALUE) throw new CheckpointException(file + ": tensor " + name + " has more than 2^31 elements");
        if (begin < dataStart || end < begin || end - begin != numel * width) {
            throw new CheckpointException(file + ": tensor " + name + " has data offsets that do not match its shape " + shapeNode + " (corrupt header)");
        }
        if (end > size) {
            throw new CheckpointException(file + ": tensor " + name + " ends at byte " + end + " but the file has " + size + " bytes (truncated file)");
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
