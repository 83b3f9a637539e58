package dev.azr4j.core.config;

/**
 * The {@code executor} section: the sandboxed Python worker pool.
 *
 * @param python            the Python 3.10+ interpreter to run
 * @param workers           worker processes; 0 = one per core
 * @param timeoutMs         wall-clock limit of one program run (the original: 10 s)
 * @param memoryMb          address-space limit of a worker
 * @param maxTasksPerWorker a worker is replaced by a fresh one after this many tasks
 */
public record ExecutorConfig(
        String python,
        @Range(min = 0) int workers,
        @Range(min = 1) int timeoutMs,
        @Range(min = 64) int memoryMb,
        @Range(min = 1) int maxTasksPerWorker) {

    public static ExecutorConfig defaults() {
        return new ExecutorConfig("python3", 0, 10_000, 1024, 10_000);
    }
}
