package dev.azr4j.executor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helper: starts a pool, or skips the test with a clear message when python3 is absent. */
final class Pools {
    private Pools() {}

    static PythonExecutor start(ExecutorOptions options) {
        try {
            PythonInterpreter.locate(options.python());
        } catch (ExecutorUnavailableException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
        }
        return PythonExecutor.start(options);
    }
}
