package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonInterpreter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExecCommandTest {
    final ObjectMapper json = new ObjectMapper();

    record Outcome(int exit, List<JsonNode> lines, String stderr) {}

    Outcome exec(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        ExecCommand cmd = new ExecCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = new CommandLine(cmd).execute(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) lines.add(json.readTree(l));
        return new Outcome(exit, lines, err.toString(StandardCharsets.UTF_8));
    }

    static void requirePython() {
        try {
            PythonInterpreter.locate("python3");
        } catch (ExecutorUnavailableException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
        }
    }

    @Test
    void answersEveryLineInOrderWithBadRequestsInPlace() throws Exception {
        requirePython();
        String slow = "def f(n):\\n    s = 0\\n    for i in range(n):\\n        s += i\\n    return s";
        StringBuilder in = new StringBuilder();
        in.append("{\"id\": 1, \"op\": \"run\", \"program\": \"").append(slow).append("\", \"input\": \"300000\"}\n");
        in.append("{\"id\": \"two\", \"op\": \"validate\", \"program\": \"def f(a):\\n    return a\", \"input\": \"'x'\"}\n");
        in.append("this is not json\n");
        in.append("{\"id\": 4, \"op\": \"fly\"}\n");
        in.append("{\"id\": 5, \"op\": \"check_output\", \"program\": \"def f(a):\\n    return a + 1\", \"input\": \"1\", \"predicted\": \"2\"}\n");
        in.append("{\"id\": 6, \"op\": \"check_input\", \"program\": \"def f(a):\\n    return a + 1\", \"output\": \"2\", \"predicted\": \"5\"}\n");
        in.append("{\"id\": 7, \"op\": \"check_program\", \"program\": \"def f(a):\\n    return a * 2\", \"pairs\": [{\"input\": \"1\", \"output\": \"2\"}, {\"input\": \"3\", \"output\": \"7\"}]}\n");
        in.append("{\"id\": 8, \"op\": \"run\", \"program\": \"def f(a):\\n    while True:\\n        pass\", \"input\": \"1\"}\n");
        in.append("{\"id\": 9, \"op\": \"run\", \"input\": \"1\"}\n");
        in.append("{\"id\": [10], \"op\": \"validate\", \"program\": \"import random\\ndef f(a):\\n    return a\", \"input\": \"1\"}\n");
        Outcome o = exec(in.toString(), "--workers", "2", "--timeout-ms", "1500");
        assertEquals(0, o.exit(), o.stderr());
        assertEquals(10, o.lines().size(), () -> o.lines().toString());
        List<JsonNode> r = o.lines();
        assertEquals(1, r.get(0).get("id").asInt());
        assertTrue(r.get(0).get("ok").asBoolean());
        assertEquals("44999850000", r.get(0).get("output").asText());
        assertEquals("two", r.get(1).get("id").asText());
        assertEquals("'x'", r.get(1).get("output").asText());
        assertTrue(r.get(2).get("id").isNull());
        assertEquals("bad_request", r.get(2).get("error").get("kind").asText());
        assertEquals(4, r.get(3).get("id").asInt());
        assertEquals("bad_request", r.get(3).get("error").get("kind").asText());
        assertTrue(r.get(4).get("ok").asBoolean());
        assertFalse(r.get(5).get("ok").asBoolean());
        assertTrue(r.get(5).get("error").isNull(), "a wrong answer is not an error");
        assertFalse(r.get(6).get("ok").asBoolean());
        assertEquals(1, r.get(6).get("passed").asInt());
        assertEquals(2, r.get(6).get("total").asInt());
        assertEquals("timeout", r.get(7).get("error").get("kind").asText());
        assertEquals("bad_request", r.get(8).get("error").get("kind").asText());
        assertTrue(r.get(8).get("error").get("message").asText().contains("program"));
        assertEquals(10, r.get(9).get("id").get(0).asInt());
        assertEquals("banned", r.get(9).get("error").get("kind").asText());
        for (JsonNode n : r) {
            for (String field : List.of("id", "ok", "output", "passed", "total", "error", "millis")) assertTrue(n.has(field), field + " in " + n);
        }
    }

    @Test
    void strictGradingRejectsAnAnswerThatIsNotAValueAndSaysWhy() throws Exception {
        requirePython();
        String zero = "\"program\": \"def f(a):\\n    return a - a\", \"input\": \"5\", \"predicted\": \"0#$XP#)\"";
        String in = "{\"id\": 1, \"op\": \"check_output\", " + zero + "}\n"
                + "{\"id\": 2, \"op\": \"check_output\", \"grading\": \"lenient\", " + zero + "}\n"
                + "{\"id\": 3, \"op\": \"check_input\", \"program\": \"def f(a):\\n    return a\", \"output\": \"3\", \"predicted\": \"len('abc')\"}\n"
                + "{\"id\": 4, \"op\": \"check_program\", \"program\": \"def f(a):\\n    return a\", \"pairs\": [{\"input\": \"1\", \"output\": \"1\"}], "
                + "\"reference\": \"def f(a):\\n    return a\"}\n";
        Outcome o = exec(in, "--workers", "1");
        assertEquals(0, o.exit(), o.stderr());
        List<JsonNode> r = o.lines();
        assertFalse(r.get(0).get("ok").asBoolean());
        assertEquals("rejected", r.get(0).get("error").get("kind").asText());
        assertEquals("comment", r.get(0).get("error").get("reason").asText());
        assertTrue(r.get(1).get("ok").asBoolean(), "the lenient rule reads 0 and ignores the comment");
        assertEquals("call", r.get(2).get("error").get("reason").asText());
        assertTrue(r.get(3).get("ok").asBoolean());
    }

    @Test
    void missingPythonIsOneClearErrorAndExitTwo() throws Exception {
        Outcome o = exec("", "--python", "/nonexistent/python3");
        assertEquals(2, o.exit());
        assertTrue(o.stderr().contains("Python 3.10 or newer"), o.stderr());
        assertFalse(o.stderr().contains("\tat "), "no stack trace");
        assertEquals(1, o.stderr().strip().lines().count());
    }

    @Test
    void emptyInputGivesNoOutput() throws Exception {
        requirePython();
        Outcome o = exec("", "--workers", "1");
        assertEquals(0, o.exit(), o.stderr());
        assertEquals(0, o.lines().size());
    }
}
