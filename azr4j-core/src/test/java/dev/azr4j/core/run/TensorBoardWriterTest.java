package dev.azr4j.core.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorBoard event files read back by an independent reader equal the metrics written. */
class TensorBoardWriterTest {
    @TempDir
    Path dir;

    @Test
    void crcMatchesTheKnownCastagnoliValue() {
        // CRC-32C check value (RFC 3720 / iSCSI): "123456789" -> 0xE3069283
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, TensorBoardEventReader.crc32c(check));
        assertEquals(TensorBoardEventReader.masked(0xE3069283), TensorBoardWriter.maskedCrc32c(check, 0, check.length));
    }

    @Test
    void eventsRoundTrip() throws Exception {
        Path tb = dir.resolve("tensorboard");
        Map<String, Object> row1 = new LinkedHashMap<>();
        row1.put("step", 1);
        row1.put("time_s", 2.5);
        row1.put("policy/loss", -0.125);
        row1.put("solve/deduction/accuracy", null);
        row1.put("perf/gen_tokens", 300L);
        Map<String, Object> row2 = new LinkedHashMap<>();
        row2.put("step", 300);
        row2.put("policy/loss", "NaN");
        row2.put("behaviour/deduction/comment_rate", 0.5);
        Path file;
        try (TensorBoardWriter w = TensorBoardWriter.open(tb, 1)) {
            w.append(row1);
            w.append(row2);
            file = w.file();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
        List<TensorBoardEventReader.Event> events = TensorBoardEventReader.read(file);
        assertEquals(4, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        assertTrue(events.get(0).wallTime() > 1.6e9);
        assertEquals(1, events.get(1).sessionStatus(), "SessionLog.START");
        assertEquals(1, events.get(1).step(), "at the first step to come");
        assertEquals(1, events.get(2).step());
        assertEquals(Map.of("time_s", 2.5f, "policy/loss", -0.125f, "perf/gen_tokens", 300f), events.get(2).scalars(), "nulls left out");
        assertEquals(300, events.get(3).step(), "a multi-byte varint");
        assertTrue(Float.isNaN(events.get(3).scalars().get("policy/loss")));
        assertEquals(0.5f, events.get(3).scalars().get("behaviour/deduction/comment_rate"));

        try (TensorBoardWriter again = TensorBoardWriter.open(tb, 301)) {
            assertNotEquals(file, again.file(), "a second writer (a resumed run) starts its own file");
            assertEquals(301, TensorBoardEventReader.read(again.file()).get(1).step());
        }
    }

    @Test
    void aCorruptedByteIsDetected() throws Exception {
        Path file;
        try (TensorBoardWriter w = TensorBoardWriter.open(dir, 1)) {
            w.append(Map.of("step", 1, "x", 1.0));
            file = w.file();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 1;
        Files.write(file, bytes);
        assertThrows(java.io.IOException.class, () -> TensorBoardEventReader.read(file));
    }
}
