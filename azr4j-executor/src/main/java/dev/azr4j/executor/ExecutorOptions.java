package dev.azr4j.executor;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link PythonExecutor} runs programs.
 *
 * @param workers            worker processes running programs at the same time
 * @param timeoutMs          wall-clock budget of one request (a validate runs the program twice within it)
 * @param memoryMb           address-space limit of a worker process (RLIMIT_AS)
 * @param python             the Python 3.10+ interpreter to run (a name on PATH or a path)
 * @param maxTasksPerWorker  a worker is replaced after this many requests
 * @param bannedWords        validate rejects imports (and dotted names such as {@code os.environ}) of these
 * @param maxProgramChars    longer programs are rejected as {@code too_large}
 * @param maxInputChars      longer inputs, outputs and predictions are rejected as {@code too_large}
 * @param maxOutputChars     outputs whose repr is longer are cut to first half + "..." + last half
 *                           (run/check_*) or rejected as {@code too_large} (validate): the original's 400
 * @param spareWorkers       workers started ahead so that a killed one is replaced at once
 * @param useNamespaces      run workers in user/network/pid namespaces ({@code unshare}) when the OS allows
 */
public record ExecutorOptions(int workers, long timeoutMs, int memoryMb, String python, int maxTasksPerWorker,
                              List<String> bannedWords, int maxProgramChars, int maxInputChars,
                              int maxOutputChars, int spareWorkers, boolean useNamespaces) {

    /** The original's banned words (its list names datetime twice; it is kept once here). */
    public static final List<String> DEFAULT_BANNED_WORDS = List.of(
            "logging", "random", "multiprocessing", "pebble", "subprocess", "threading", "datetime",
            "time", "hashlib", "hmac", "bcrypt", "os.sys", "os.path", "sys.exit", "os.environ", "calendar");

    public ExecutorOptions {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        if (timeoutMs < 1) throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        if (memoryMb < 64) throw new IllegalArgumentException("memoryMb must be at least 64, got " + memoryMb);
        Objects.requireNonNull(python, "python");
        if (maxTasksPerWorker < 1) throw new IllegalArgumentException("maxTasksPerWorker must be at least 1");
        bannedWords = List.copyOf(bannedWords);
        if (maxOutputChars < 10) throw new IllegalArgumentException("maxOutputChars must be at least 10");
        if (spareWorkers < 0) throw new IllegalArgumentException("spareWorkers must not be negative");
    }

    /** Defaults: one worker per core, 5 s, 1 GiB, {@code python3}, the original's banned words. */
    public static ExecutorOptions defaults() {
        return new ExecutorOptions(Runtime.getRuntime().availableProcessors(), 5_000, 1024, "python3", 10_000,
                DEFAULT_BANNED_WORDS, 20_000, 20_000, 400, 1, true);
    }

    public ExecutorOptions withWorkers(int n) {
        return new ExecutorOptions(n, timeoutMs, memoryMb, python, maxTasksPerWorker, bannedWords,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, useNamespaces);
    }

    public ExecutorOptions withTimeoutMs(long ms) {
        return new ExecutorOptions(workers, ms, memoryMb, python, maxTasksPerWorker, bannedWords,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, useNamespaces);
    }

    public ExecutorOptions withMemoryMb(int mb) {
        return new ExecutorOptions(workers, timeoutMs, mb, python, maxTasksPerWorker, bannedWords,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, useNamespaces);
    }

    public ExecutorOptions withPython(String path) {
        return new ExecutorOptions(workers, timeoutMs, memoryMb, path, maxTasksPerWorker, bannedWords,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, useNamespaces);
    }

    public ExecutorOptions withMaxTasksPerWorker(int n) {
        return new ExecutorOptions(workers, timeoutMs, memoryMb, python, n, bannedWords,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, useNamespaces);
    }

    public ExecutorOptions withBannedWords(List<String> words) {
        return new ExecutorOptions(workers, timeoutMs, memoryMb, python, maxTasksPerWorker, words,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, useNamespaces);
    }

    public ExecutorOptions withUseNamespaces(boolean use) {
        return new ExecutorOptions(workers, timeoutMs, memoryMb, python, maxTasksPerWorker, bannedWords,
                maxProgramChars, maxInputChars, maxOutputChars, spareWorkers, use);
    }

    /** How long past {@link #timeoutMs} Java waits before it kills a worker that has not answered. */
    public long graceMs() {
        return 300 + timeoutMs / 10;
    }
}
