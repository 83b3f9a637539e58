package dev.azr4j.executor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker process, spoken to over its stdin/stdout in JSON lines. Several requests may be in
 * its pipe; their answers come back one line each, in order.
 */
final class Worker {
    /** A longer line than this is not an answer the worker would write: the program wrote to the pipe. */
    private static final int MAX_LINE_BYTES = 8 << 20;
    private static final Object EOF = new Object();
    private static final Object OVERSIZE = new Object();
    /** Where a request line holds its nonce: requests start with {@code {"n":"<16 hex digits>"}. */
    static final int NONCE_AT = 6, NONCE_LEN = 16;

    enum Status { ANSWER, NO_ANSWER_IN_TIME, DIED, PROTOCOL }

    /** The fields of a worker's answer. */
    record Answer(boolean ok, String output, Integer passed, Integer total, String kind, String message, String reason, boolean recycle) {}

    record Reply(Status status, Answer answer, String detail) {}

    private final Process process;
    private final Path sandbox;
    private final OutputStream stdin;
    private final InputStream stdout;
    /** Bytes read from stdout past the last complete line. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream outgoing = new ByteArrayOutputStream(1 << 12);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos, chunkLen;
    private final AtomicBoolean killedForTime = new AtomicBoolean();
    /** System.nanoTime() at which the watchdog kills this worker; 0 while no answer is awaited. */
    private volatile long deadline;
    private final StringBuilder stderrTail = new StringBuilder();
    private final ObjectMapper json;
    private final JsonFactory factory;
    private int tasks;

    Worker(Process process, Path sandbox, ObjectMapper json) {
        this.process = process;
        this.sandbox = sandbox;
        this.json = json;
        this.factory = json.getFactory();
        this.stdin = process.getOutputStream();
        this.stdout = process.getInputStream();
        // a platform thread: a virtual one would pin a carrier in the blocking pipe read, and with one
        // per worker (spare included) they can take every carrier of a 2-core machine, starving the
        // virtual threads that retire and start workers (the pool then waits forever for a worker)
        Thread.ofPlatform().daemon(true).name("azr-worker-err-" + process.pid()).start(() -> drainStderr(process.getErrorStream()));
        Watchdog.WATCHED.add(this);
    }

    Path sandbox() {
        return sandbox;
    }

    int tasks() {
        return tasks;
    }

    /** The first line the worker writes: its ready message (null when it did not come), or why not. */
    JsonNode awaitReady(long waitMs, String[] why) {
        Object line = readLineWithin(waitMs, 0);
        if (line instanceof byte[] bytes) {
            try {
                JsonNode body = json.readTree(bytes);
                if (body != null && body.isObject()) return body;
                why[0] = "the worker wrote a non-object line";
            } catch (IOException e) {
                why[0] = "the worker wrote a line that is not JSON";
            }
        } else if (killedForTime.get()) {
            why[0] = "no ready message within " + waitMs / 1000 + " s";
        } else {
            why[0] = line == OVERSIZE ? "the worker wrote an over-long line" : deathDetail();
        }
        return null;
    }

    /**
     * Writes requests (complete lines from {@link Wire#encode}) in one go, each with a fresh nonce
     * written into its {@code "n"} field and returned in order. A write to a dead worker is not
     * reported here: the next {@link #receive} finds the worker gone.
     */
    String[] send(List<byte[]> requests) {
        String[] nonces = new String[requests.size()];
        outgoing.reset();
        for (int i = 0; i < requests.size(); i++) {
            byte[] line = requests.get(i);
            String nonce = nonce();
            for (int k = 0; k < NONCE_LEN; k++) line[NONCE_AT + k] = (byte) nonce.charAt(k);
            nonces[i] = nonce;
            outgoing.writeBytes(line);
            tasks++;
        }
        try {
            outgoing.writeTo(stdin);
            stdin.flush();
        } catch (IOException e) {
            // the worker is gone; receive() reports how
        }
        return nonces;
    }

    private static String nonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE); // 16 digits: top bit set
    }

    void sendConfig(ObjectNode config) throws IOException {
        stdin.write(json.writeValueAsBytes(config));
        stdin.write('\n');
        stdin.flush();
    }

    /**
     * Reads the next answer in the calling thread; the watchdog kills the worker if it does not
     * come within waitMs, which ends the read.
     */
    Reply receive(String nonce, long waitMs) {
        return receive(nonce, waitMs, 0);
    }

    /**
     * As {@link #receive(String, long)}; when no answer is buffered yet, first waits lingerNanos
     * so that answers gather in the pipe: the worker then writes without waking a reader, and one
     * read takes several answers (for requests queued behind others, where latency is queueing).
     */
    Reply receive(String nonce, long waitMs, long lingerNanos) {
        Object line = readLineWithin(waitMs, lingerNanos);
        if (killedForTime.get()) return new Reply(Status.NO_ANSWER_IN_TIME, null, null);
        if (line == EOF) return new Reply(Status.DIED, null, deathDetail());
        if (line == OVERSIZE) return new Reply(Status.PROTOCOL, null, "the worker wrote an over-long line");
        Answer answer;
        String[] echoed = new String[1];
        try {
            answer = parse((byte[]) line, echoed);
        } catch (IOException | RuntimeException e) {
            return new Reply(Status.PROTOCOL, null, "the worker wrote a line that is not a JSON object");
        }
        if (!nonce.equals(echoed[0])) {
            return new Reply(Status.PROTOCOL, null, "an answer without the request's nonce (the program wrote to the protocol pipe?)");
        }
        return new Reply(Status.ANSWER, answer, null);
    }

    /** One answer line, read field by field (no tree); the echoed nonce goes to nonce[0]. */
    private Answer parse(byte[] line, String[] nonce) throws IOException {
        boolean ok = false, recycle = false;
        String output = null, kind = null, message = null, reason = null;
        Integer passed = null, total = null;
        try (JsonParser p = factory.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) throw new IOException("not an object");
                String name = p.currentName();
                JsonToken v = p.nextToken();
                boolean isNull = v == JsonToken.VALUE_NULL;
                switch (name) {
                    case "n" -> nonce[0] = isNull ? null : p.getText();
                    case "ok" -> ok = v == JsonToken.VALUE_TRUE;
                    case "recycle" -> recycle = v == JsonToken.VALUE_TRUE;
                    case "output" -> output = isNull ? null : p.getText();
                    case "kind" -> kind = isNull ? null : p.getText();
                    case "message" -> message = isNull ? null : p.getText();
                    case "reason" -> reason = isNull ? null : p.getText();
                    case "passed" -> passed = isNull ? null : p.getValueAsInt();
                    case "total" -> total = isNull ? null : p.getValueAsInt();
                    default -> p.skipChildren();
                }
            }
        }
        return new Answer(ok, output, passed, total, kind, message, reason, recycle);
    }

    private Object readLineWithin(long waitMs, long lingerNanos) {
        killedForTime.set(false);
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) | 1; // never 0
        try {
            if (lingerNanos > 0 && !hasBufferedLine()) LockSupport.parkNanos(lingerNanos);
            return readLine();
        } finally {
            deadline = 0;
        }
    }

    /** Called by the watchdog: kills the worker when an awaited answer is overdue. */
    private void killIfOverdue(long now) {
        long d = deadline;
        if (d != 0 && now - d >= 0 && killedForTime.compareAndSet(false, true)) ProcessKiller.killTree(process);
    }

    /** Kills the worker's whole process tree and waits briefly for it to go. */
    void kill() {
        Watchdog.WATCHED.remove(this);
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

    private boolean hasBufferedLine() {
        for (int i = chunkPos; i < chunkLen; i++) if (chunk[i] == '\n') return true;
        return false;
    }

    /** The next line as bytes, or EOF / OVERSIZE. */
    private Object readLine() {
        try {
            while (true) {
                for (int i = chunkPos; i < chunkLen; i++) {
                    if (chunk[i] == '\n') {
                        byte[] line;
                        if (pending.size() == 0) {
                            line = java.util.Arrays.copyOfRange(chunk, chunkPos, i);
                        } else {
                            pending.write(chunk, chunkPos, i - chunkPos);
                            line = pending.toByteArray();
                            pending.reset();
                        }
                        chunkPos = i + 1;
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

    /**
     * One thread for all workers that kills a worker whose awaited answer is overdue. Readers only
     * write a deadline field, so waiting for an answer costs no timer task and no thread hand-off.
     */
    private static final class Watchdog {
        static final Set<Worker> WATCHED = ConcurrentHashMap.newKeySet();
        static final long PERIOD_MS = 10;

        static {
            Thread.ofPlatform().daemon(true).name("azr-worker-deadlines").start(Watchdog::run);
        }

        private static void run() {
            while (true) {
                try {
                    Thread.sleep(PERIOD_MS);
                    long now = System.nanoTime();
                    for (Worker w : WATCHED) w.killIfOverdue(now);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a worker that could not be killed now is tried again next round
                }
            }
        }
    }
}
