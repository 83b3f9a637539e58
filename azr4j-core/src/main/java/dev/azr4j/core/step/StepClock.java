package dev.azr4j.core.step;

import dev.azr4j.core.exec.ExecBatch;
import dev.azr4j.executor.Executor;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where a step's time goes (generation, execution, updates) and how much it did (tokens generated
 * and trained on, executor requests): the {@code perf/} and {@code time/} metrics. The only part of a
 * step that may differ between two runs of the same seed.
 */
public final class StepClock {
    private final LongSupplier nanos;
    private final long start;
    private long genNanos, execNanos, updateNanos, genTokens, execCount, trainTokens;

    public StepClock(LongSupplier nanos) {
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** Runs a generation call, counting its time. */
    <T> T generating(Supplier<T> call) {
        long t0 = nanos.getAsLong();
        try {
            return call.get();
        } finally {
            genNanos += nanos.getAsLong() - t0;
        }
    }

    void generated(long tokens) {
        genTokens += tokens;
    }

    /** Runs {@code batch} on {@code executor}, counting its requests and time. */
    void execute(ExecBatch batch, Executor executor) {
        long t0 = nanos.getAsLong();
        execCount += batch.run(executor);
        execNanos += nanos.getAsLong() - t0;
    }

    /** Runs work that calls the executor itself (the environment's draws), counting its time. */
    <T> T executing(Supplier<T> work) {
        long t0 = nanos.getAsLong();
        try {
            return work.get();
        } finally {
            execNanos += nanos.getAsLong() - t0;
        }
    }

    /** Runs an optimizer step on {@code tokens} prompt and completion tokens, counting them and its time. */
    <T> T updating(long tokens, Supplier<T> update) {
        trainTokens += tokens;
        long t0 = nanos.getAsLong();
        try {
            return update.get();
        } finally {
            updateNanos += nanos.getAsLong() - t0;
        }
    }

    /** The step's {@code perf/} and {@code time/} metrics, measured up to now. */
    void metrics(Map<String, Object> m) {
        double stepS = (nanos.getAsLong() - start) / 1e9;
        m.put("perf/step_s", stepS);
        m.put("perf/gen_tokens", genTokens);
        m.put("perf/gen_tokens_per_s", genNanos == 0 ? 0.0 : genTokens / (genNanos / 1e9));
        m.put("perf/train_tokens", trainTokens);
        m.put("perf/train_tokens_per_s", updateNanos == 0 ? 0.0 : trainTokens / (updateNanos / 1e9));
        m.put("perf/exec_count", execCount);
        m.put("perf/exec_per_s", execNanos == 0 ? 0.0 : execCount / (execNanos / 1e9));
        m.put("time/generate_s", genNanos / 1e9);
        m.put("time/execute_s", execNanos / 1e9);
        m.put("time/update_s", updateNanos / 1e9);
    }
}
