package dev.azr4j.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @TempDir
    Path dir;

    record Task(String program, String input, long step) {}

    @Test
    void recordsRoundTripAndSurviveReopen() throws IOException {
        Path f = dir.resolve("buffers/deduction.jsonl");
        try (JsonLinesWriter w = JsonLinesWriter.open(f)) {
            w.append(new Task("def f(a):\n    return a", "'Hello world'", 0));
        }
        try (JsonLinesWriter w = JsonLinesWriter.open(f)) {
            w.append(new Task("def f(a):\n    return a * 2", "3", 1));
        }
        JsonLines.Result<Task> r = JsonLines.read(f, Task.class);
        assertEquals(List.of(new Task("def f(a):\n    return a", "'Hello world'", 0),
                new Task("def f(a):\n    return a * 2", "3", 1)), r.values());
        assertEquals(0, r.skippedLines());
        assertEquals(2, Files.readAllLines(f).size(), "newlines inside strings are escaped");
    }

    @Test
    void tornAndForeignLinesAreSkippedAndTheTornTailRepaired() throws IOException {
        Path f = dir.resolve("b.jsonl");
        Files.writeString(f, "{\"program\":\"p\",\"input\":\"1\",\"step\":1}\n[1,2]\n{\"program\":\"q\",\"inp");
        JsonLines.Result<Task> r = JsonLines.read(f, Task.class);
        assertEquals(1, r.values().size());
        assertEquals(2, r.skippedLines());
        try (JsonLinesWriter w = JsonLinesWriter.open(f)) {
            w.append(new Task("r", "2", 2));
        }
        assertEquals(List.of("p", "r"), JsonLines.read(f, Task.class).values().stream().map(Task::program).toList());
        Files.writeString(f, "{\"a\":1} {\"b\":2}\n", StandardOpenOption.APPEND);
        assertEquals(2, JsonLines.read(f, Task.class).skippedLines(), "[1,2] and a line of two values");
    }
}
