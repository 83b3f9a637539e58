package dev.azr4j.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** One worker process, spoken to one request at a time over its stdin/stdout in JSON lines. */
final class Worker {
    /** A longer line than this is not an answer the worker would write: the program wrote to the pipe. */
    private static final int MAX_LINE_BYTES = 8 << 20;
    private static final Object EOF = new Object();
    private static final Object OVERSIZE = new Object();

    enum Status { ANSWER, NO_ANSWER_IN_TIME, DIED, PROTOCOL }

    record Reply(Status status, JsonNode body, String detail) {}

    private final Process process;
    private final Path sandbox;
    private final OutputStream stdin;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final ObjectMapper json;
    private int tasks;

    Worker(Process process, Path sandbox, ObjectMapper json) {
        this.process = process;
        this.sandbox = sandbox;
        this.json = json;
        this.stdin = process.getOutputStream();
        Thread.ofVirtual().name("azr-worker-out-" + process.pid()).start(() -> readLines(process.getInputStream()));
        Thread.ofVirtual().name("azr-worker-err-" + process.pid()).start(() -> drainStderr(process.getErrorStream()));
    }

    Path sandbox() {
        return sandbox;
    }

    int tasks() {
        return tasks;
    }

    /** The first line the worker writes: its ready message, or why it did not start. */
    Reply awaitReady(long waitMs) {
        return receive(null, waitMs);
    }

    /** Sends one request and waits up to waitMs for its answer. */
    Reply call(ObjectNode request, long waitMs) {
        tasks++;
        String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        request.put("n", nonce);
        try {
            stdin.write(json.writeValueAsBytes(request));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            return new Reply(Status.DIED, null, deathDetail());
        }
        return receive(nonce, waitMs);
    }

    void sendConfig(ObjectNode config) throws IOException {
        stdin.write(json.writeValueAsBytes(config));
        stdin.write('\n');
        stdin.flush();
    }

    private Reply receive(String nonce, long waitMs) {
        Object line;
        try {
            line = lines.poll(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(Status.NO_ANSWER_IN_TIME, null, "interrupted");
        }
        if (line == null) return new Reply(Status.NO_ANSWER_IN_TIME, null, null);
        if (line == EOF) return new Reply(Status.DIED, null, deathDetail());
        if (line == OVERSIZE) return new Reply(Status.PROTOCOL, null, "the worker wrote an over-long line");
        JsonNode body;
        try {
            body = json.readTree((byte[]) line);
        } catch (IOException e) {
            return new Reply(Status.PROTOCOL, null, "the worker wrote a line that is not JSON");
        }
        if (body == null || !body.isObject()) return new Reply(Status.PROTOCOL, null, "the worker wrote a non-object line");
        if (nonce != null && !nonce.equals(body.path("n").asText(null))) {
            return new Reply(Status.PROTOCOL, null, "an answer without the request's nonce (the program wrote to the protocol pipe?)");
        }
        return new Reply(Status.ANSWER, body, null);
    }

    /** Kills the worker's whole process tree and waits briefly for it to go. */
    void kill() {
        ProcessKiller.killTree(process);
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the worker ended: its exit status or signal and the last line of its stderr. */
    String deathDetail() {
        try {
            process.waitFor(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String how;
        if (process.isAlive()) {
            how = "the worker closed its output";
        } else {
            int code = process.exitValue();
            how = code > 128 ? "the worker was killed by " + signalName(code - 128) : "the worker exited with status " + code;
        }
        String tail;
        synchronized (stderrTail) {
            tail = stderrTail.toString().strip();
        }
        String last = tail.isEmpty() ? "" : tail.substring(tail.lastIndexOf('\n') + 1).strip();
        return last.isEmpty() ? how : how + " (" + last + ")";
    }

    static String signalName(int sig) {
        return switch (sig) {
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU (CPU time limit)";
            case 25 -> "SIGXFSZ";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            default -> "signal " + sig;
        };
    }

    private void readLines(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        byte[] chunk = new byte[1 << 16];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        buf.write(chunk, start, i - start);
                        lines.add(buf.toByteArray());
                        buf.reset();
                        start = i + 1;
                    }
                }
                buf.write(chunk, start, n - start);
                if (buf.size() > MAX_LINE_BYTES) {
                    lines.add(OVERSIZE);
                    return;
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
        lines.add(EOF);
    }

    private void drainStderr(InputStream err) {
        byte[] chunk = new byte[4096];
        try (err) {
            int n;
            while ((n = err.read(chunk)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > 4096) stderrTail.delete(0, stderrTail.length() - 4096);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }
}
