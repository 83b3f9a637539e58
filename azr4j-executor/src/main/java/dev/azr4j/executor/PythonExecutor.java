package dev.azr4j.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of sandboxed CPython workers. Requests of a batch run concurrently on the workers and
 * their results come back in request order. A worker that misses its deadline, dies or breaks
 * the protocol is killed with its whole process tree and replaced by a pre-started spare, so a
 * hostile program costs the pool its timeout and nothing more.
 */
public final class PythonExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(PythonExecutor.class);

    private final ExecutorOptions options;
    private final PythonInterpreter python;
    private final Isolation isolation;
    private final WorkerLauncher launcher;
    private final LinkedBlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Worker> spares = new LinkedBlockingQueue<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    /**
     * Background work: starting and killing workers, on platform threads of their own. On virtual
     * threads it waited for a free carrier, and anything that holds every carrier (CPU-bound
     * virtual threads of the trainer, a pinned read; 2 on a 2-core machine) left the replacements
     * unstarted and both drivers waiting for a worker with the old processes alive. At most one
     * task per worker slot runs at a time, so the pool stays small.
     */
    private final ExecutorService lifecycle = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon(true).name("azr-exec-lifecycle-", 0).factory());
    /**
     * Requests not yet sent to a worker, one deque per driver chosen by program, so that the
     * checks of a program go to the worker that validated (and compiled) it; requests taken back
     * from a retired worker go to the front.
     */
    private final JobQueues<Job> jobs;
    /** One platform thread per worker slot drives its worker (pipe I/O blocks; platform threads do that cheaply). */
    private final List<Thread> drivers = new ArrayList<>();
    private final AtomicReference<String> lastSpawnFailure = new AtomicReference<>();
    /** Failed starts since the last successful one; drivers with no worker fail their requests past {@link #GIVE_UP_AFTER}. */
    private final AtomicInteger spawnFailures = new AtomicInteger();
    /** Drivers holding a worker right now. */
    private final AtomicInteger serving = new AtomicInteger();
    private final Thread shutdownHook;
    /** Test seam: runs on a driver after each reply from a worker (tests inject failures here). */
    volatile Runnable onReply;
    private volatile boolean closed;

    private PythonExecutor(ExecutorOptions options, PythonInterpreter python, Isolation isolation, WorkerLauncher launcher) {
        this.options = options;
        this.python = python;
        this.isolation = isolation;
        this.launcher = launcher;
        this.jobs = new JobQueues<>(options.workers());
        this.shutdownHook = new Thread(this::shutdown, "azr4j-executor-shutdown");
    }

    /**
     * Locates Python, detects the isolation this machine allows and starts the workers.
     *
     * @throws ExecutorUnavailableException when Python 3.10+ is missing or workers cannot start
     */
    public static PythonExecutor start(ExecutorOptions options) {
        PythonInterpreter python = PythonInterpreter.locate(options.python());
        Isolation isolation = Isolation.detect(python, options.useNamespaces());
        Path root;
        try {
            root = Files.createTempDirectory("azr4j-exec-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new ExecutorUnavailableException("cannot create the executor's private directory: " + e.getMessage(), e);
        }
        ObjectMapper json = new ObjectMapper();
        PythonExecutor executor;
        try {
            executor = new PythonExecutor(options, python, isolation, new WorkerLauncher(options, python, isolation, root, json));
        } catch (RuntimeException e) {
            Dirs.deleteQuietly(root);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(executor.shutdownHook);
        try {
            executor.startWorkers();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
        return executor;
    }

    private void startWorkers() {
        int n = options.workers() + options.spareWorkers();
        List<CompletableFuture<Worker>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) starting.add(CompletableFuture.supplyAsync(launcher::start, lifecycle));
        for (int i = 0; i < n; i++) {
            Worker w;
            try {
                w = starting.get(i).join();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                starting.forEach(f -> f.thenAccept(launcher::retire));
                throw cause instanceof ExecutorUnavailableException u ? u
                        : new ExecutorUnavailableException("a Python worker did not start: " + cause.getMessage(), cause);
            }
            live.add(w);
            (i < options.workers() ? idle : spares).add(w);
        }
        for (int i = 0; i < options.workers(); i++) {
            int slot = i;
            drivers.add(Thread.ofPlatform().daemon(true).name("azr-exec-driver-" + i).start(() -> drive(slot)));
        }
    }

    /** The private directory holding the worker script and one empty working directory per worker. */
    public java.nio.file.Path workDirectory() {
        return launcher.root();
    }

    WorkerLauncher launcher() {
        return launcher;
    }

    /** Worker processes the pool holds (serving, idle and spares). */
    int liveWorkers() {
        return live.size();
    }

    public ExecutorOptions options() {
        return options;
    }

    public PythonInterpreter python() {
        return python;
    }

    /** Whether the workers run in OS namespaces (no network); false where this machine refused them. */
    public boolean isolated() {
        return !isolation.launchPrefix().isEmpty();
    }

    /** The OS layer the workers run in, in words (namespaces, or none and why). */
    public String osIsolation() {
        return isolation.description();
    }

    /**
     * Whether this process runs as the real root user (effective uid 0), under which the kernel
     * exempts the workers from {@code RLIMIT_NPROC}: read from {@code /proc/self/status} on Linux,
     * else from {@code user.name}.
     */
    public static boolean runsAsRoot() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return effectiveUidIsRoot(line);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether a {@code /proc/self/status} "Uid:" line (real, effective, saved, file-system uid) names uid 0 as effective. */
    static boolean effectiveUidIsRoot(String uidLine) {
        String[] f = uidLine.substring("Uid:".length()).strip().split("\\s+");
        return f.length > 1 && f[1].equals("0");
    }

    /** One line per isolation layer that is active for this pool's workers. */
    public List<String> isolationLayers() {
        List<String> layers = new ArrayList<>();
        layers.add("AST screen: banned imports/names " + options.bannedWords() + ", input() calls");
        layers.add("audit hook: refuses file writes, reads outside the stdlib and sandbox, process creation, "
                + "signals, sockets, ctypes, frame introspection; restricted __import__ and builtins");
        layers.add("worker-side layers: " + String.join(", ", launcher.workerLayers()));
        layers.add("CPython " + python.version() + " (" + python.executable() + ") with -s -B, scrubbed environment, "
                + "PYTHONHASHSEED=0, private empty working directory per worker");
        layers.add("OS: " + isolation.description());
        layers.add("seccomp: not used");
        layers.add("hard wall-clock timeout " + options.timeoutMs() + " ms (+" + options.graceMs()
                + " ms grace) enforced by Java: SIGKILL to the worker's process group, replaced by a spare");
        return layers;
    }

    /** The isolation layers as one readable block of text. */
    public String describeIsolation() {
        return String.join("\n", isolationLayers());
    }

    @Override
    public List<ExecResult> execute(List<? extends ExecRequest> batch) {
        // one wake-up for the whole batch instead of one per result
        BatchSink sink = new BatchSink(batch.size(), Thread.currentThread());
        for (int i = 0; i < batch.size(); i++) submit(batch.get(i), sink, i);
        return sink.await();
    }

    /** Runs one request on the pool; the future never completes exceptionally. */
    public CompletableFuture<ExecResult> submit(ExecRequest request) {
        CompletableFuture<ExecResult> future = new CompletableFuture<>();
        submit(request, (index, result) -> future.complete(result), 0);
        return future;
    }

    private void submit(ExecRequest request, Sink sink, int index) {
        if (closed) {
            sink.complete(index, Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
            return;
        }
        ExecResult early;
        byte[] line = null;
        try {
            early = Wire.precheck(request, options);
            if (early == null) line = Wire.encode(request, options.timeoutMs());
        } catch (RuntimeException e) {
            early = Wire.error(ErrorKind.BAD_REQUEST, "malformed request: " + e, 0);
        }
        if (early != null) {
            sink.complete(index, early);
            return;
        }
        Job job = new Job(line, sink, index, Math.floorMod(Wire.program(request).hashCode(), jobs.slots()));
        jobs.addLast(job.slot(), job);
        if (closed) {
            for (Job j : jobs.drain()) j.complete(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        }
    }

    /** Where a request's result goes. */
    private interface Sink {
        void complete(int index, ExecResult result);
    }

    /** Collects a batch's results; wakes its caller once, when the last one is in. */
    private static final class BatchSink implements Sink {
        private final ExecResult[] results;
        private final AtomicInteger remaining;
        private final Thread waiter;

        BatchSink(int n, Thread waiter) {
            this.results = new ExecResult[n];
            this.remaining = new AtomicInteger(n);
            this.waiter = waiter;
        }

        @Override
        public void complete(int index, ExecResult result) {
            results[index] = result;
            if (remaining.decrementAndGet() == 0) LockSupport.unpark(waiter);
        }

        List<ExecResult> await() {
            boolean interrupted = false;
            while (remaining.get() > 0) {
                LockSupport.park(this);
                if (Thread.interrupted()) interrupted = true; // the results still come: every job completes
            }
            if (interrupted) Thread.currentThread().interrupt();
            return Arrays.asList(results);
        }
    }

    /** A request line for the worker and where its result goes. */
    private record Job(byte[] line, Sink sink, int index, int slot) {
        void complete(ExecResult result) {
            sink.complete(index, result);
        }
    }

    /**
     * Requests in flight per worker, written to its pipe in one go: the worker always has the next
     * request at hand, and Java writes and wakes up less often. A request that ends in a retired
     * worker's pipe is re-queued first in line, so depth costs nothing but order among the rest.
     */
    private static final int PIPELINE_DEPTH = 16;
    /** How long a driver lets answers gather when requests are queued in its worker's pipe. */
    private static final long LINGER_NANOS = 1_000_000;

    /** Starts that may fail in a row before drivers without a worker fail their requests (the slot keeps trying). */
    private static final int GIVE_UP_AFTER = 5;

    private void drive(int slot) {
        while (!closed) {
            // Throwable: an Error (an OOM of a training heap) must not end a driver, which would
            // lose its slot and the requests it held (their batch would wait forever)
            try {
                Worker worker = acquire(slot);
                if (worker == null) continue;
                serving.incrementAndGet();
                try {
                    serve(worker, slot);
                } finally {
                    serving.decrementAndGet();
                }
            } catch (Throwable e) {
                LOG.warn("executor driver failure", e);
            }
        }
    }

    private Job nextJob(int slot) {
        try {
            while (!closed) {
                Job job = jobs.poll(slot, 200);
                if (job != null) return job;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private record InFlight(Job job, String nonce) {}

    /**
     * Feeds one worker until it has to be retired (then a replacement is arranged) or the pool
     * closes. Never throws: on any failure the requests it holds are answered and the worker is
     * replaced.
     */
    private void serve(Worker worker, int slot) {
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>(PIPELINE_DEPTH);
        List<Job> batch = new ArrayList<>(PIPELINE_DEPTH);
        List<byte[]> lines = new ArrayList<>(PIPELINE_DEPTH);
        long budgetNanos = TimeUnit.MILLISECONDS.toNanos(options.timeoutMs() + options.graceMs());
        long headStart = 0;
        InFlight head = null;
        boolean handedOver = false;
        try {
            while (true) {
                if (inFlight.isEmpty()) {
                    Job job = nextJob(slot);
                    if (job == null) {
                        handedOver = true;
                        release(worker);
                        return;
                    }
                    batch.add(job);
                    headStart = System.nanoTime();
                }
                int room = Math.min(PIPELINE_DEPTH - inFlight.size() - batch.size(), options.maxTasksPerWorker() - worker.tasks() - batch.size());
                for (; room > 0; room--) {
                    Job job = jobs.poll(slot);
                    if (job == null) break;
                    batch.add(job);
                }
                // the head's deadline covers this write too: a worker that stopped reading cannot block it
                worker.arm(headStart + budgetNanos);
                if (!batch.isEmpty()) {
                    for (Job j : batch) lines.add(j.line());
                    String[] nonces = worker.send(lines);
                    for (int i = 0; i < nonces.length; i++) inFlight.add(new InFlight(batch.get(i), nonces[i]));
                    batch.clear();
                    lines.clear();
                }
                head = inFlight.poll();
                // with more requests behind the head, let answers gather rather than wake for each
                Worker.Reply reply = worker.receive(head.nonce(), inFlight.isEmpty() ? 0 : LINGER_NANOS);
                Runnable hook = onReply;
                if (hook != null) hook.run();
                long now = System.nanoTime();
                double millis = (now - headStart) / 1e6;
                headStart = now;
                boolean retire = reply.status() != Worker.Status.ANSWER || reply.answer().recycle() || reply.killed()
                        || worker.tasks() >= options.maxTasksPerWorker() && inFlight.isEmpty();
                InFlight done = head;
                head = null;
                done.job().complete(result(reply, millis));
                if (retire) {
                    // requests already in this worker's pipe run again on another worker, first in line
                    handedOver = true;
                    for (Iterator<InFlight> it = inFlight.descendingIterator(); it.hasNext(); ) {
                        Job job = it.next().job();
                        jobs.addFirst(job.slot(), job);
                    }
                    inFlight.clear();
                    retireAndReplace(worker);
                    return;
                }
            }
        } catch (Throwable e) {
            // a bug or an Error here must not leave a caller waiting: every request this driver holds gets an answer
            LOG.warn("executor driver failure", e);
            ExecResult failed = Wire.error(ErrorKind.WORKER_CRASH, Wire.trim("executor driver failure: " + e, Wire.MAX_MESSAGE_CHARS), 0);
            if (head != null) head.job().complete(failed);
            for (InFlight f : inFlight) f.job().complete(failed);
            for (Job j : batch) j.complete(failed);
            if (!handedOver) retireAndReplace(worker);
        }
    }

    private ExecResult result(Worker.Reply reply, double millis) {
        return switch (reply.status()) {
            case ANSWER -> Wire.decode(reply.answer(), millis);
            case NO_ANSWER_IN_TIME -> Wire.error(ErrorKind.TIMEOUT, "no result within " + options.timeoutMs() + " ms; the worker was killed", millis);
            // A worker that dies near its deadline hit its CPU limit.
            case DIED -> Wire.error(millis >= options.timeoutMs() * 0.9 ? ErrorKind.TIMEOUT : ErrorKind.WORKER_CRASH, reply.detail(), millis);
            case PROTOCOL -> Wire.error(ErrorKind.WORKER_CRASH, reply.detail() + "; the worker was killed", millis);
        };
    }

    /**
     * The next idle worker, or null when the pool closes. While this driver has no worker, no
     * driver has one and starting workers keeps failing (or none came for a long time), the
     * requests queued fail with the reason rather than wait: the slot keeps trying to start one.
     */
    private Worker acquire(int slot) throws InterruptedException {
        long longWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(60_000, 4 * (options.timeoutMs() + options.graceMs())));
        long since = System.nanoTime();
        while (!closed) {
            Worker w = idle.poll(100, TimeUnit.MILLISECONDS);
            if (w != null) return w;
            int failures = spawnFailures.get();
            if (serving.get() == 0 && (failures >= GIVE_UP_AFTER || System.nanoTime() - since > longWaitNanos)) {
                String why = lastSpawnFailure.get();
                String message = Wire.trim((failures >= GIVE_UP_AFTER ? "no worker could be started (" + failures + " tries)"
                        : "no worker became available") + (why == null ? "" : ": " + why), Wire.MAX_MESSAGE_CHARS);
                for (Job job; (job = jobs.poll(slot)) != null; ) job.complete(Wire.error(ErrorKind.WORKER_CRASH, message, 0));
            }
        }
        return null;
    }

    private void release(Worker worker) {
        if (closed) {
            retire(worker);
        } else {
            idle.add(worker);
        }
    }

    /** A spare takes the worker's place at once; the worker is killed and a new spare starts in the background. */
    private void retireAndReplace(Worker worker) {
        Worker spare = spares.poll();
        if (spare != null) {
            release(spare);
            spawnInBackground(spares);
        } else {
            spawnInBackground(idle);
        }
        retire(worker);
    }

    private void retire(Worker worker) {
        live.remove(worker);
        try {
            lifecycle.execute(() -> retireNow(worker));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            retireNow(worker);
        }
    }

    private void retireNow(Worker worker) {
        try {
            launcher.retire(worker);
        } catch (Throwable e) {
            LOG.warn("retiring a worker failed", e);
        }
    }

    /**
     * Starts a worker for target on a lifecycle thread, trying until one starts or the pool closes:
     * giving up would lose the slot for good. Any failure counts, an Error included (the launcher
     * kills a process it started before failing).
     */
    private void spawnInBackground(LinkedBlockingQueue<Worker> target) {
        if (closed) return;
        try {
            lifecycle.execute(() -> spawnUntilStarted(target));
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
        }
    }

    private void spawnUntilStarted(LinkedBlockingQueue<Worker> target) {
        for (int attempt = 1; !closed; attempt++) {
            try {
                Worker w = launcher.start();
                spawnFailures.set(0);
                live.add(w);
                if (closed) {
                    retire(w);
                } else {
                    target.add(w);
                }
                return;
            } catch (Throwable e) {
                spawnFailures.incrementAndGet();
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                lastSpawnFailure.set(why);
                LOG.warn("starting a replacement worker failed (attempt {}): {}", attempt, why);
                try {
                    Thread.sleep(Math.min(200L * attempt, 5_000));
                } catch (InterruptedException ie) {
                    return; // closing
                }
            }
        }
    }

    @Override
    public void close() {
        shutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
    }

    private void shutdown() {
        if (closed) return;
        closed = true;
        List<Worker> all = new ArrayList<>(live);
        live.clear();
        idle.clear();
        spares.clear();
        all.parallelStream().forEach(launcher::retire);
        for (Job job : jobs.drain()) job.complete(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        for (Thread d : drivers) {
            try {
                d.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Job job : jobs.drain()) job.complete(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        lifecycle.shutdown();
        try {
            lifecycle.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.shutdownNow(); // starts sleeping before their next try
        Dirs.deleteQuietly(launcher.root());
    }
}
