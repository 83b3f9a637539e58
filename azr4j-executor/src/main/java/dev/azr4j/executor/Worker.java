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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One worker process, spoken to one request at a time over its stdin/stdout in JSON lines. */
final class Worker {
    /** A longer line than this is not an answer the worker would write: the program wrote to the pipe. */
    private static final int MAX_LINE_BYTES = 8 << 20;
    private static final Object EOF = new Object();
    private static final Object OVERSIZE = new Object();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "azr-worker-deadlines");
        t.setDaemon(true);
        return t;
    });

    enum Status { ANSWER, NO_ANSWER_IN_TIME, DIED, PROTOCOL }

    record Reply(Status status, JsonNode body, String detail) {}

    private final Process process;
    private final Path sandbox;
    private final OutputStream stdin;
    private final InputStream stdout;
    /** Bytes read from stdout past the last complete line. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos, chunkLen;
    private final AtomicBoolean killedForTime = new AtomicBoolean();
    private final StringBuilder stderrTail = new StringBuilder();
    private final ObjectMapper json;
    private int tasks;

    Worker(Process process, Path sandbox, ObjectMapper json) {
        this.process = process;
        this.sandbox = sandbox;
        this.json = json;
        this.stdin = process.getOutputStream();
        this.stdout = process.getInputStream();
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
        send(request);
        return receive(request.get("n").asText(), waitMs);
    }

    /**
     * Writes one request with a fresh nonce (kept in the request as "n"); a write to a dead worker
     * is not reported here: the next {@link #receive} finds the worker gone.
     */
    void send(ObjectNode request) {
        tasks++;
        request.put("n", HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        try {
            stdin.write(json.writeValueAsBytes(request));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            // the worker is gone; receive() reports how
        }
    }

    void sendConfig(ObjectNode config) throws IOException {
        stdin.write(json.writeValueAsBytes(config));
        stdin.write('\n');
        stdin.flush();
    }

    /**
     * Reads the next line in the calling thread (no hand-off between threads); a timer kills the
     * worker at the deadline, which ends the read.
     */
    Reply receive(String nonce, long waitMs) {
        killedForTime.set(false);
        ScheduledFuture<?> deadline = TIMER.schedule(() -> {
            killedForTime.set(true);
            ProcessKiller.killTree(process);
        }, waitMs, TimeUnit.MILLISECONDS);
        Object line;
        try {
            line = readLine();
        } finally {
            deadline.cancel(false);
        }
        if (killedForTime.get()) return new Reply(Status.NO_ANSWER_IN_TIME, null, null);
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

    /** The next line as bytes, or EOF / OVERSIZE. */
    private Object readLine() {
        try {
            while (true) {
                for (int i = chunkPos; i < chunkLen; i++) {
                    if (chunk[i] == '\n') {
                        pending.write(chunk, chunkPos, i - chunkPos);
                        chunkPos = i + 1;
                        byte[] line = pending.toByteArray();
                        pending.reset();
                        return line;
                    }
                }
                pending.write(chunk, chunkPos, chunkLen - chunkPos);
                chunkPos = chunkLen = 0;
                if (pending.size() > MAX_LINE_BYTES) return OVERSIZE;
                int n = stdout.read(chunk);
                if (n <= 0) return EOF;
                chunkLen = n;
            }
        } catch (IOException e) {
            return EOF;
        }
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
