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
import java.util.concurrent.atomic.AtomicLong;
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

    /**
     * What came back for one request. killed: the watchdog killed the worker during this exchange
     * (an answer that was in before the kill is still an answer, but the worker must be retired).
     */
    record Reply(Status status, Answer answer, String detail, boolean killed) {
        Reply(Status status, Answer answer, String detail) {
            this(status, answer, detail, status == Status.NO_ANSWER_IN_TIME);
        }
    }

    /** {@link #deadline} while no exchange is armed, and once the watchdog claimed it; armed deadlines are odd. */
    private static final long DISARMED = 0, KILLED = 2;

    private final Process process;
    private final Path sandbox;
    private final OutputStream stdin;
    private final InputStream stdout;
    /** Bytes read from stdout past the last complete line. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream outgoing = new ByteArrayOutputStream(1 << 12);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos, chunkLen;
    /**
     * System.nanoTime() (made odd) at which the watchdog kills this worker, {@link #DISARMED}
     * between exchanges, {@link #KILLED} once the watchdog claimed the armed deadline. The watchdog
     * kills only by swapping the very deadline it read for KILLED, so a deadline that was disarmed
     * (the answer came) and replaced by the next request's in the meantime kills nothing.
     */
    private final AtomicLong deadline = new AtomicLong(DISARMED);
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
        arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs));
        Object line;
        boolean killed;
        try {
            line = readLine();
        } finally {
            killed = disarm();
        }
        if (killed) {
            why[0] = "no ready message within " + waitMs / 1000 + " s";
        } else if (line instanceof byte[] bytes) {
            try {
                JsonNode body = json.readTree(bytes);
                if (body != null && body.isObject()) return body;
                why[0] = "the worker wrote a non-object line";
            } catch (IOException e) {
                why[0] = "the worker wrote a line that is not JSON";
            }
        } else {
            why[0] = line == OVERSIZE ? "the worker wrote an over-long line" : deathDetail();
        }
        return null;
    }

    /**
     * Starts an exchange: unless {@link #receive} ends it first, the watchdog kills the worker at
     * deadlineNanos ({@link System#nanoTime()}). It covers the writes of {@link #send} as well as
     * the read: a worker that stops reading its pipe (a program that swallowed its timeout and
     * sleeps, or a worker blocked writing answers nobody reads yet) cannot block the driver.
     */
    void arm(long deadlineNanos) {
        deadline.set(deadlineNanos | 1);
    }

    /** Ends the exchange; true when the watchdog killed the worker for it. */
    private boolean disarm() {
        return deadline.getAndSet(DISARMED) == KILLED;
    }

    /**
     * Writes requests (complete lines from {@link Wire#encode}) in one go, each with a fresh nonce
     * written into its {@code "n"} field and returned in order, under the armed deadline. A write
     * to a dead worker is not reported here: the next {@link #receive} finds the worker gone.
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
     * Reads the next answer in the calling thread under the deadline {@link #arm} set (the
     * watchdog's kill ends the read) and ends the exchange. When no answer is buffered yet, first
     * waits lingerNanos so that answers gather in the pipe: the worker then writes without waking
     * a reader, and one read takes several answers (for requests queued behind others, where
     * latency is queueing).
     */
    Reply receive(String nonce, long lingerNanos) {
        Object line;
        boolean killed;
        try {
            if (lingerNanos > 0 && !hasBufferedLine()) LockSupport.parkNanos(lingerNanos);
            line = readLine();
        } finally {
            killed = disarm();
        }
        if (line instanceof byte[] bytes) {
            Answer answer;
            String[] echoed = new String[1];
            try {
                answer = parse(bytes, echoed);
            } catch (IOException | RuntimeException e) {
                return killed ? new Reply(Status.NO_ANSWER_IN_TIME, null, null)
                        : new Reply(Status.PROTOCOL, null, "the worker wrote a line that is not a JSON object");
            }
            if (nonce.equals(echoed[0])) return new Reply(Status.ANSWER, answer, null, killed); // came in before the kill
            if (!killed) return new Reply(Status.PROTOCOL, null, "an answer without the request's nonce (the program wrote to the protocol pipe?)");
        }
        if (killed) return new Reply(Status.NO_ANSWER_IN_TIME, null, null);
        if (line == EOF) return new Reply(Status.DIED, null, deathDetail());
        return new Reply(Status.PROTOCOL, null, "the worker wrote an over-long line");
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

    /** Called by the watchdog: kills the worker when an awaited answer is overdue. */
    private void killIfOverdue(long now) {
        killIfOverdue(armedDeadline(), now);
    }

    /** The deadline the watchdog reads (0 while no exchange is armed). */
    long armedDeadline() {
        long d = deadline.get();
        return (d & 1) != 0 ? d : 0;
    }

    /**
     * The watchdog's second step: kills the worker when the deadline it read has passed and is
     * still the armed one (a stale deadline, whose answer came meanwhile, kills nothing).
     */
    void killIfOverdue(long seen, long now) {
        if (seen != 0 && now - seen >= 0 && deadline.compareAndSet(seen, KILLED)) ProcessKiller.killTree(process);
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
        String last = tail.isEmpty() ? "" : Wire.trim(tail.substring(tail.lastIndexOf('\n') + 1).strip(), 300);
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
    static final class Watchdog {
        static final Set<Worker> WATCHED = ConcurrentHashMap.newKeySet();
        static final long PERIOD_MS = 10;
        /** Test seam: runs at the start of every round (tests inject failures here). */
        static volatile Runnable fault;

        static {
            Thread.ofPlatform().daemon(true).name("azr-worker-deadlines").start(Watchdog::run);
        }

        private static void run() {
            while (true) {
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
                // Throwable: an Error (an OOM of a training heap) must not end the only thread that
                // enforces deadlines; a worker that could not be killed now is tried again next round
                try {
                    Runnable f = fault;
                    if (f != null) f.run();
                    long now = System.nanoTime();
                    for (Worker w : WATCHED) {
                        try {
                            w.killIfOverdue(now);
                        } catch (Throwable t) {
                            // next round
                        }
                    }
                } catch (Throwable t) {
                    // next round
                }
            }
        }
    }
}
