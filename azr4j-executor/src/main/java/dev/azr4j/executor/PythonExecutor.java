package dev.azr4j.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    /** Background work: starting and killing workers. */
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Requests not yet sent to a worker; requests taken back from a retired worker go to the front. */
    private final LinkedBlockingDeque<Job> jobs = new LinkedBlockingDeque<>();
    /** One platform thread per worker slot drives its worker (pipe I/O blocks; platform threads do that cheaply). */
    private final List<Thread> drivers = new ArrayList<>();
    private final AtomicReference<String> lastSpawnFailure = new AtomicReference<>();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private PythonExecutor(ExecutorOptions options, PythonInterpreter python, Isolation isolation, WorkerLauncher launcher) {
        this.options = options;
        this.python = python;
        this.isolation = isolation;
        this.launcher = launcher;
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
        for (int i = 0; i < n; i++) starting.add(CompletableFuture.supplyAsync(launcher::start, threads));
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
            drivers.add(Thread.ofPlatform().daemon(true).name("azr-exec-driver-" + i).start(this::drive));
        }
    }

    /** The private directory holding the worker script and one empty working directory per worker. */
    public java.nio.file.Path workDirectory() {
        return launcher.root();
    }

    public ExecutorOptions options() {
        return options;
    }

    public PythonInterpreter python() {
        return python;
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
        List<CompletableFuture<ExecResult>> futures = new ArrayList<>(batch.size());
        for (ExecRequest r : batch) futures.add(submit(r));
        List<ExecResult> results = new ArrayList<>(batch.size());
        for (CompletableFuture<ExecResult> f : futures) results.add(f.join());
        return results;
    }

    /** Runs one request on the pool; the future never completes exceptionally. */
    public CompletableFuture<ExecResult> submit(ExecRequest request) {
        if (closed) return CompletableFuture.completedFuture(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        ExecResult early;
        try {
            early = Wire.precheck(request, options);
        } catch (RuntimeException e) {
            early = Wire.error(ErrorKind.BAD_REQUEST, "malformed request: " + e, 0);
        }
        if (early != null) return CompletableFuture.completedFuture(early);
        ObjectNode message = Wire.encode(request, JSON);
        message.put("timeout_ms", options.timeoutMs());
        Job job = new Job(message, new CompletableFuture<>());
        jobs.addLast(job);
        if (closed && jobs.remove(job)) job.result().complete(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        return job.result();
    }

    private record Job(ObjectNode message, CompletableFuture<ExecResult> result) {}

    /**
     * Requests in flight per worker: the next one is already in the worker's pipe when the current
     * one finishes, so the worker never waits for a round trip to Java.
     */
    private static final int PIPELINE_DEPTH = 2;

    private void drive() {
        while (!closed) {
            Worker worker = acquire();
            if (worker == null) {
                if (closed) return;
                Job job = jobs.pollFirst();
                String why = lastSpawnFailure.get();
                if (job != null) job.result().complete(Wire.error(ErrorKind.WORKER_CRASH,
                        "no worker became available" + (why == null ? "" : ": " + why), 0));
                continue;
            }
            try {
                serve(worker);
            } catch (RuntimeException e) {
                LOG.warn("executor driver failure", e);
                retireAndReplace(worker);
            }
        }
    }

    private Job nextJob() {
        try {
            while (!closed) {
                Job job = jobs.pollFirst(200, TimeUnit.MILLISECONDS);
                if (job != null) return job;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Feeds one worker until it has to be retired (then a replacement is arranged) or the pool closes. */
    private void serve(Worker worker) {
        ArrayDeque<Job> inFlight = new ArrayDeque<>(PIPELINE_DEPTH);
        long headStart = 0;
        while (true) {
            if (inFlight.isEmpty()) {
                Job job = nextJob();
                if (job == null) {
                    release(worker);
                    return;
                }
                worker.send(job.message());
                inFlight.add(job);
                headStart = System.nanoTime();
            }
            while (inFlight.size() < PIPELINE_DEPTH && worker.tasks() < options.maxTasksPerWorker()) {
                Job job = jobs.pollFirst();
                if (job == null) break;
                worker.send(job.message());
                inFlight.add(job);
            }
            Job head = inFlight.poll();
            long budgetMs = options.timeoutMs() + options.graceMs() - (System.nanoTime() - headStart) / 1_000_000;
            Worker.Reply reply = worker.receive(head.message().get("n").asText(), Math.max(1, budgetMs));
            long now = System.nanoTime();
            double millis = (now - headStart) / 1e6;
            headStart = now;
            boolean retire = reply.status() != Worker.Status.ANSWER || reply.body().path("recycle").asBoolean(false)
                    || worker.tasks() >= options.maxTasksPerWorker() && inFlight.isEmpty();
            head.result().complete(result(reply, millis));
            if (retire) {
                // requests already in this worker's pipe run again on another worker, first in line
                for (Iterator<Job> it = inFlight.descendingIterator(); it.hasNext(); ) jobs.addFirst(it.next());
                retireAndReplace(worker);
                return;
            }
        }
    }

    private ExecResult result(Worker.Reply reply, double millis) {
        return switch (reply.status()) {
            case ANSWER -> Wire.decode(reply.body(), millis);
            case NO_ANSWER_IN_TIME -> Wire.error(ErrorKind.TIMEOUT, "no result within " + options.timeoutMs() + " ms; the worker was killed", millis);
            // A worker that dies near its deadline hit its CPU limit.
            case DIED -> Wire.error(millis >= options.timeoutMs() * 0.9 ? ErrorKind.TIMEOUT : ErrorKind.WORKER_CRASH, reply.detail(), millis);
            case PROTOCOL -> Wire.error(ErrorKind.WORKER_CRASH, reply.detail() + "; the worker was killed", millis);
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Worker acquire() {
        long waitMs = Math.max(60_000, 4 * (options.timeoutMs() + options.graceMs()));
        try {
            while (!closed) {
                Worker w = idle.poll(Math.min(waitMs, 1000), TimeUnit.MILLISECONDS);
                if (w != null) return w;
                waitMs -= 1000;
                if (waitMs <= 0) return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            threads.submit(() -> launcher.retire(worker));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            launcher.retire(worker);
        }
    }

    private void spawnInBackground(LinkedBlockingQueue<Worker> target) {
        if (closed) return;
        try {
            threads.submit(() -> {
                for (int attempt = 1; attempt <= 5 && !closed; attempt++) {
                    try {
                        Worker w = launcher.start();
                        live.add(w);
                        if (closed) {
                            retire(w);
                        } else {
                            target.add(w);
                        }
                        return;
                    } catch (RuntimeException e) {
                        lastSpawnFailure.set(e.getMessage());
                        LOG.warn("starting a replacement worker failed (attempt {}): {}", attempt, e.getMessage());
                        try {
                            Thread.sleep(200L * attempt);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
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
        for (Job job; (job = jobs.pollFirst()) != null; ) job.result().complete(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        for (Thread d : drivers) {
            try {
                d.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Job job; (job = jobs.pollFirst()) != null; ) job.result().complete(Wire.error(ErrorKind.WORKER_CRASH, "the executor is closed", 0));
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Dirs.deleteQuietly(launcher.root());
    }
}
