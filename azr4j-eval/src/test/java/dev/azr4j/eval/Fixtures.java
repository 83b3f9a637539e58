package dev.azr4j.eval;

import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Shared data files and the executor for the tests; each skips with a message when its need is absent. */
final class Fixtures {
    private Fixtures() {}

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("azr.shared", "../shared")).resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data absent (" + p + "): skipped");
        return p;
    }

    static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static PythonExecutor executor(int workers) {
        return executor(workers, ExecutorOptions.defaults().timeoutMs());
    }

    static PythonExecutor executor(int workers, long timeoutMs) {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 not found: skipped");
        return PythonExecutor.start(Evaluation.executorOptions(ExecutorOptions.defaults().withWorkers(workers).withTimeoutMs(timeoutMs)));
    }
}
