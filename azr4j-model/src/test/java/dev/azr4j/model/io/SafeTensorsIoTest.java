package dev.azr4j.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsIoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static NamedTensor random(String name, Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) rnd.nextGaussian() * (i % 7 == 0 ? 1e4f : 0.02f);
        return new NamedTensor(name, shape, data);
    }

    private static List<NamedTensor> sample() {
        Random rnd = new Random(42);
        return List.of(random("model.embed_tokens.weight", rnd, 10, 6), random("model.norm.weight", rnd, 6),
                random("odd", rnd, 3), random("scalar", rnd), random("empty", rnd, 0, 4));
    }

    /** A safetensors file built byte by byte: header JSON then the given raw data. */
    private Path handMade(String name, String headerJson, byte[] data) throws Exception {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return Files.write(tmp.resolve(name), out.toByteArray());
    }

    private static byte[] shorts(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putShort((short) x);
        return b.array();
    }

    @Test
    void f32RoundTripIsExactAndHeaderIsAligned() throws Exception {
        Path f = tmp.resolve("model.safetensors");
        SafeTensorsWriter.write(f, sample(), DType.F32);
        Map<String, NamedTensor> back = SafeTensorsReader.read(f);
        assertEquals(sample().stream().map(NamedTensor::name).toList(), List.copyOf(back.keySet()));
        for (NamedTensor t : sample()) {
            assertArrayEquals(t.shape(), back.get(t.name()).shape(), t.name());
            assertArrayEquals(t.data(), back.get(t.name()).data(), t.name());
        }
        byte[] bytes = Files.readAllBytes(f);
        long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLen) % 8);
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        assertEquals("pt", header.path("__metadata__").path("format").asText());
        assertEquals("F32", header.path("odd").path("dtype").asText());
        long dataBytes = sample().stream().mapToLong(t -> 4L * t.numel()).sum();
        assertEquals(8 + headerLen + dataBytes, bytes.length);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void bf16AndF16WriteRoundedValues() throws Exception {
        for (DType dtype : List.of(DType.BF16, DType.F16)) {
            Path f = tmp.resolve(dtype + ".safetensors");
            SafeTensorsWriter.write(f, sample(), dtype);
            Map<String, NamedTensor> back = SafeTensorsReader.read(f);
            for (NamedTensor t : sample()) {
                float[] want = new float[t.numel()];
                for (int i = 0; i < want.length; i++) {
                    float v = t.data()[i];
                    want[i] = dtype == DType.BF16 ? DType.fromBf16(DType.toBf16(v)) : Float.float16ToFloat(Float.floatToFloat16(v));
                }
                assertArrayEquals(want, back.get(t.name()).data(), dtype + " " + t.name());
            }
            assertEquals(8 + ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getLong()
                    + 2L * sample().stream().mapToInt(NamedTensor::numel).sum(), Files.size(f));
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3f80, DType.toBf16(Float.intBitsToFloat(0x3f808000))); // tie, even below
        assertEquals((short) 0x3f82, DType.toBf16(Float.intBitsToFloat(0x3f818000))); // tie, even above
        assertEquals((short) 0x3f81, DType.toBf16(Float.intBitsToFloat(0x3f808001))); // above the tie
        assertEquals((short) 0x3f80, DType.toBf16(Float.intBitsToFloat(0x3f807fff))); // below the tie
        assertEquals((short) 0xbf82, DType.toBf16(Float.intBitsToFloat(0xbf818000))); // sign kept
        assertEquals((short) 0x7f80, DType.toBf16(Float.POSITIVE_INFINITY));
        assertEquals((short) 0x7f80, DType.toBf16(Float.MAX_VALUE));                  // overflows to inf as in PyTorch
        assertTrue(Float.isNaN(DType.fromBf16(DType.toBf16(Float.NaN))));
        assertTrue(Float.isNaN(DType.fromBf16(DType.toBf16(Float.intBitsToFloat(0x7f800001))))); // NaN that would round to inf
    }

    @Test
    void readsHandMadeBf16AndF16() throws Exception {
        // bf16: 1.5 = 0x3fc0, -2 = 0xc000, 1/3 ≈ 0x3eab; f16: 1 = 0x3c00, -2 = 0xc000, 65504 = 0x7bff, 2^-24 = 0x0001
        Path f = handMade("h.safetensors", "{\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[6,14]}}",
                concat(shorts(0x3fc0, 0xc000, 0x3eab), shorts(0x3c00, 0xc000, 0x7bff, 0x0001)));
        Map<String, NamedTensor> t = SafeTensorsReader.read(f);
        assertArrayEquals(new float[] {1.5f, -2f, Float.intBitsToFloat(0x3eab0000)}, t.get("b").data());
        assertArrayEquals(new float[] {1f, -2f, 65504f, (float) Math.pow(2, -24)}, t.get("h").data());
        assertArrayEquals(new int[] {2, 2}, t.get("h").shape());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String failure(Path file) {
        return assertThrows(CheckpointException.class, () -> SafeTensorsReader.read(file)).getMessage();
    }

    @Test
    void corruptFilesGiveClearErrors() throws Exception {
        Path good = tmp.resolve("good.safetensors");
        SafeTensorsWriter.write(good, sample(), DType.F32);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = Files.write(tmp.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length - 5));
        assertTrue(failure(truncated).contains("truncated"), failure(truncated));

        Path headerCut = Files.write(tmp.resolve("cut.safetensors"), Arrays.copyOf(bytes, 40));
        assertTrue(failure(headerCut).contains("header length"), failure(headerCut));

        Path garbage = handMade("garbage.safetensors", "{\"a\": [", new byte[0]);
        assertTrue(failure(garbage).contains("not valid JSON"), failure(garbage));

        Path twice = handMade("twice.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertTrue(failure(twice).contains("listed twice"), failure(twice));

        Path badShape = handMade("shape.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]);
        assertTrue(failure(badShape).contains("do not match its shape"), failure(badShape));

        Path i64 = handMade("i64.safetensors", "{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        assertTrue(failure(i64).contains("I64"), failure(i64));

        Path tiny = Files.write(tmp.resolve("tiny.safetensors"), new byte[3]);
        assertTrue(failure(tiny).contains("too short"), failure(tiny));

        assertTrue(failure(tmp.resolve("absent.safetensors")).contains("not found"));
    }

    @Test
    void writerRefusesDuplicateNamesWithoutLeavingAFile() {
        NamedTensor a = new NamedTensor("a", new int[] {1}, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> SafeTensorsWriter.write(tmp.resolve("d.safetensors"), List.of(a, a), DType.F32));
        assertTrue(Files.notExists(tmp.resolve("d.safetensors")));
    }

    // ---- directories: single file and shards ----

    private Path shardedCheckpoint(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<NamedTensor> all = sample();
        SafeTensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), all.subList(0, 2), DType.F32);
        SafeTensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), all.subList(2, all.size()), DType.BF16);
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) map.append(',');
            map.append('"').append(all.get(i).name()).append("\":\"model-0000").append(i < 2 ? 1 : 2).append("-of-00002.safetensors\"");
        }
        Files.writeString(dir.resolve(SafeTensorsReader.INDEX_FILE), "{\"metadata\":{\"total_size\":0},\"weight_map\":{" + map + "}}");
        return dir;
    }

    @Test
    void readsSingleFileAndShardedDirectories() throws Exception {
        Path single = Files.createDirectories(tmp.resolve("single"));
        SafeTensorsWriter.write(single.resolve("model.safetensors"), sample(), DType.F32);
        assertEquals(sample().size(), SafeTensorsReader.readDirectory(single).size());

        Map<String, NamedTensor> sharded = SafeTensorsReader.readDirectory(shardedCheckpoint("sharded"));
        assertEquals(sample().stream().map(NamedTensor::name).toList(), List.copyOf(sharded.keySet()));
        assertArrayEquals(sample().get(0).data(), sharded.get("model.embed_tokens.weight").data());
        assertEquals(DType.fromBf16(DType.toBf16(sample().get(2).data()[0])), sharded.get("odd").data()[0]);
    }

    @Test
    void writesShardedDirectoriesThatReadBack() throws Exception {
        Path dir = tmp.resolve("out");
        SafeTensorsWriter.writeDirectory(dir, sample(), DType.F32, 1L << 30);
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        SafeTensorsWriter.writeDirectory(dir, sample(), DType.F32, 100); // 240-byte embedding alone, the rest (40 bytes) together
        assertTrue(Files.notExists(dir.resolve("model.safetensors")), "stale single file removed");
        JsonNode index = JSON.readTree(dir.resolve(SafeTensorsReader.INDEX_FILE).toFile());
        assertEquals("model-00001-of-00002.safetensors", index.path("weight_map").path("model.embed_tokens.weight").asText());
        assertEquals("model-00002-of-00002.safetensors", index.path("weight_map").path("model.norm.weight").asText());
        assertEquals("model-00002-of-00002.safetensors", index.path("weight_map").path("empty").asText());
        assertEquals(4L * sample().stream().mapToInt(NamedTensor::numel).sum(), index.path("metadata").path("total_size").asLong());
        Map<String, NamedTensor> back = SafeTensorsReader.readDirectory(dir);
        for (NamedTensor t : sample()) assertArrayEquals(t.data(), back.get(t.name()).data(), t.name());
        SafeTensorsWriter.writeDirectory(dir, sample(), DType.F32, 1L << 30);
        assertTrue(Files.notExists(dir.resolve(SafeTensorsReader.INDEX_FILE)), "stale index removed");
        assertEquals(sample().size(), SafeTensorsReader.readDirectory(dir).size());
    }

    private String dirFailure(Path dir) {
        return assertThrows(CheckpointException.class, () -> SafeTensorsReader.readDirectory(dir)).getMessage();
    }

    @Test
    void shardedDirectoryErrors() throws Exception {
        Path missing = shardedCheckpoint("missing");
        Files.delete(missing.resolve("model-00002-of-00002.safetensors"));
        assertTrue(dirFailure(missing).contains("shard model-00002-of-00002.safetensors (holding odd) is missing"), dirFailure(missing));

        Path twice = shardedCheckpoint("twice");
        SafeTensorsWriter.write(twice.resolve("model-00002-of-00002.safetensors"), sample().subList(1, sample().size()), DType.F32);
        assertTrue(dirFailure(twice).contains("tensor model.norm.weight is stored twice"), dirFailure(twice));

        Path listedTwice = shardedCheckpoint("listedTwice");
        Files.writeString(listedTwice.resolve(SafeTensorsReader.INDEX_FILE), "{\"weight_map\":{\"odd\":\"model-00002-of-00002.safetensors\","
                + "\"odd\":\"model-00001-of-00002.safetensors\"}}");
        assertTrue(dirFailure(listedTwice).contains("listed twice"), dirFailure(listedTwice));

        Path wrongShard = shardedCheckpoint("wrongShard");
        Files.writeString(wrongShard.resolve(SafeTensorsReader.INDEX_FILE), "{\"weight_map\":{\"odd\":\"model-00001-of-00002.safetensors\"}}");
        assertTrue(dirFailure(wrongShard).contains("tensor odd is listed in shard model-00001-of-00002.safetensors but no listed shard holds it"),
                dirFailure(wrongShard));

        Path noMap = shardedCheckpoint("noMap");
        Files.writeString(noMap.resolve(SafeTensorsReader.INDEX_FILE), "{\"metadata\":{}}");
        assertTrue(dirFailure(noMap).contains("weight_map"), dirFailure(noMap));

        Path badIndex = shardedCheckpoint("badIndex");
        Files.writeString(badIndex.resolve(SafeTensorsReader.INDEX_FILE), "{\"weight_map\":");
        assertTrue(dirFailure(badIndex).contains("not valid JSON"), dirFailure(badIndex));

        Path escape = shardedCheckpoint("escape");
        Files.writeString(escape.resolve(SafeTensorsReader.INDEX_FILE), "{\"weight_map\":{\"odd\":\"../x.safetensors\"}}");
        assertTrue(dirFailure(escape).contains("invalid shard file"), dirFailure(escape));

        Path corruptShard = shardedCheckpoint("corruptShard");
        Path shard = corruptShard.resolve("model-00001-of-00002.safetensors");
        byte[] b = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(b, b.length - 1));
        assertTrue(dirFailure(corruptShard).contains("truncated"), dirFailure(corruptShard));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(dirFailure(empty).contains("not a safetensors checkpoint"), dirFailure(empty));
        assertTrue(dirFailure(tmp.resolve("nowhere")).contains("not found"));
    }
}
