package dev.azr4j.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts worker processes: the worker script written once into a private directory, a scrubbed
 * environment (only what CPython needs, with a fixed hash seed so that every worker orders sets
 * alike), a private empty working directory per worker, and the OS isolation prefix.
 */
final class WorkerLauncher {
    private static final long READY_WAIT_MS = 30_000;

    private final ExecutorOptions options;
    private final PythonInterpreter python;
    private final Isolation isolation;
    private final Path root;
    private final Path script;
    private final ObjectMapper json;
    private final AtomicLong sequence = new AtomicLong();
    private volatile List<String> workerLayers = List.of();
    /** Test seam: runs right after a worker process started (tests inject spawn failures here). */
    volatile java.util.function.Consumer<Process> onStarted = p -> {};

    WorkerLauncher(ExecutorOptions options, PythonInterpreter python, Isolation isolation, Path root, ObjectMapper json) {
        this.options = options;
        this.python = python;
        this.isolation = isolation;
        this.root = root;
        this.json = json;
        this.script = root.resolve("worker.py");
        try (InputStream in = WorkerLauncher.class.getResourceAsStream("worker.py")) {
            if (in == null) throw new IllegalStateException("worker.py is missing from the azr4j-executor jar");
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the worker script to " + script, e);
        }
    }

    /** The layers the last worker reported setting up itself (rlimits, audit hook). */
    List<String> workerLayers() {
        return workerLayers;
    }

    Path root() {
        return root;
    }

    Worker start() {
        Path sandbox;
        try {
            sandbox = Files.createDirectory(root.resolve("w" + sequence.incrementAndGet()));
        } catch (IOException e) {
            throw new ExecutorUnavailableException("cannot create a worker directory under " + root + ": " + e.getMessage(), e);
        }
        List<String> cmd = new ArrayList<>(isolation.launchPrefix());
        cmd.addAll(List.of(python.executable(), "-s", "-B", "-X", "utf8", script.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(sandbox.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", sandbox.toString());
        env.put("TMPDIR", sandbox.toString());
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("PYTHONHASHSEED", "0");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")) env.put(v, "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            Dirs.deleteQuietly(sandbox);
            throw new ExecutorUnavailableException("cannot start a Python worker (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
        }
        // from here on the process exists: whatever goes wrong, an Error included, kills it
        Worker worker = null;
        try {
            onStarted.accept(process);
            worker = new Worker(process, sandbox, json);
            ObjectNode config = json.createObjectNode();
            config.put("sandbox", sandbox.toString());
            config.set("banned", json.valueToTree(options.bannedWords()));
            config.put("timeout_ms", options.timeoutMs());
            config.put("memory_mb", options.memoryMb());
            config.put("max_output", options.maxOutputChars());
            try {
                worker.sendConfig(config);
            } catch (IOException e) {
                // reported below through the missing ready line
            }
            String[] why = new String[1];
            JsonNode ready = worker.awaitReady(READY_WAIT_MS, why);
            if (ready == null || !ready.path("ready").asBoolean(false)) {
                throw new ExecutorUnavailableException("a Python worker did not start: "
                        + (ready == null ? why[0] : "its first line was not a ready message"));
            }
            List<String> layers = new ArrayList<>();
            for (JsonNode l : ready.path("layers")) layers.add(l.asText());
            workerLayers = List.copyOf(layers);
            return worker;
        } catch (Throwable t) {
            try {
                if (worker != null) {
                    retire(worker);
                } else {
                    ProcessKiller.killTree(process);
                    Dirs.deleteQuietly(sandbox);
                }
            } catch (Throwable suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
    }

    /** Kills the worker and deletes its directory. */
    void retire(Worker worker) {
        worker.kill();
        Dirs.deleteQuietly(worker.sandbox());
    }
}
