package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every reason the worker can send is a {@link RejectReason} (an unknown one would read as a worker crash). */
class RejectReasonTest {
    @Test
    void everyReasonTheWorkerSendsIsKnownInJava() throws IOException {
        String worker;
        try (InputStream in = PythonExecutor.class.getResourceAsStream("worker.py")) {
            worker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> sent = new TreeSet<>();
        Matcher m = Pattern.compile("Rejected\\(\"([a-z_]+)\"").matcher(worker);
        while (m.find()) sent.add(m.group(1));
        int at = worker.indexOf("node_reasons = {");
        Matcher v = Pattern.compile(":\\s*\"([a-z_]+)\"").matcher(worker.substring(at, worker.indexOf('}', at)));
        while (v.find()) sent.add(v.group(1));
        sent.add("expression"); // node_reasons' default
        assertTrue(sent.size() >= 12, () -> "found " + sent);
        for (String id : sent) assertNotNull(RejectReason.fromId(id), () -> "the worker sends an unknown reason " + id);
        for (RejectReason r : RejectReason.values()) assertEquals(r, RejectReason.fromId(r.id()));
    }

    @Test
    void existingCallersKeepTheirConstructors() {
        ExecError e = new ExecError(ErrorKind.RUNTIME, "boom");
        assertEquals(null, e.reason());
        assertEquals(null, new ExecResult(false, null, null, null, e, 0).rejectReason());
        ExecResult rejected = new ExecResult(false, null, null, null, new ExecError(ErrorKind.REJECTED, "x", RejectReason.COMMENT), 0);
        assertEquals(RejectReason.COMMENT, rejected.rejectReason());
        assertEquals(Grading.STRICT, new ExecRequest.CheckOutput("p", "1", "1").grading());
        assertEquals(null, new ExecRequest.CheckProgram("p", java.util.List.of()).reference());
    }
}
