package dev.azr4j.core.config;

import dev.azr4j.executor.ExecutorOptions;
import java.util.List;

/**
 * The {@code executor} section: the sandboxed Python worker pool.
 *
 * @param python            the Python 3.10+ interpreter to run
 * @param workers           worker processes; 0 = one per core
 * @param timeoutMs         wall-clock limit of one program run (the original: 10 s)
 * @param memoryMb          address-space limit of a worker
 * @param maxTasksPerWorker a worker is replaced by a fresh one after this many tasks
 * @param allowRootWithoutIsolation train as root even where the workers get no OS namespaces (programs the
 *                          model writes then run as the real root user, contained only by the audit hook and
 *                          rlimits, of which the kernel exempts root from the process limit); false refuses
 */
public record ExecutorConfig(
        String python,
        @Range(min = 0) int workers,
        @Range(min = 1) int timeoutMs,
        @Range(min = 64) int memoryMb,
        @Range(min = 1) int maxTasksPerWorker,
        boolean allowRootWithoutIsolation) {

    public static ExecutorConfig defaults() {
        return new ExecutorConfig("python3", 0, 10_000, 1024, 10_000, false);
    }

    /**
     * Why training must not start with a pool of this isolation, or null: as root with no OS
     * namespaces, unless {@link #allowRootWithoutIsolation} accepts it.
     */
    public String refusal(boolean isolated, boolean root, String osIsolation) {
        if (isolated || !root || allowRootWithoutIsolation) return null;
        return "refusing to train as root with no OS isolation for the Python workers (" + osIsolation + "): the programs "
                + "the model writes would run as the real root user, contained only by the audit hook and rlimits. Run as "
                + "an ordinary user, allow unprivileged user namespaces (unshare --user --map-root-user --net must work), "
                + "or accept it with --set executor.allow_root_without_isolation=true";
    }

    /** The executor's options for this section, refusing {@code bannedWords} in programs; the other limits are the executor's defaults. */
    public ExecutorOptions options(List<String> bannedWords) {
        ExecutorOptions d = ExecutorOptions.defaults();
        int n = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        return new ExecutorOptions(n, timeoutMs, memoryMb, python, maxTasksPerWorker, bannedWords.stream().distinct().toList(),
                d.maxProgramChars(), d.maxInputChars(), d.maxOutputChars(), d.spareWorkers(), d.useNamespaces());
    }
}
