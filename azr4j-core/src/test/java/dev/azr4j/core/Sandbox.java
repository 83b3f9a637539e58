package dev.azr4j.core;

import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import org.junit.jupiter.api.Assumptions;

/** The real Python sandbox for tests that need one; where no usable Python exists the test is skipped, saying why. */
public final class Sandbox {
    private Sandbox() {}

    public static PythonExecutor start(ExecutorOptions options) {
        try {
            return PythonExecutor.start(options);
        } catch (ExecutorUnavailableException e) {
            Assumptions.abort("no usable Python for the executor: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }
}
