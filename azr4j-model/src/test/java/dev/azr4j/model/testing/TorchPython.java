package dev.azr4j.model.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python with PyTorch and HuggingFace libraries that the compatibility tests compare against:
 * system property {@code azr.torch.python}, env {@code AZR_TORCH_PYTHON}, or
 * {@code /work/venv-torch/bin/python} (azr4j-bench/python/setup-venv.sh); the calling test is
 * skipped, saying why, where there is none.
 */
public final class TorchPython {
    private TorchPython() {}

    /** The interpreter, once it imports {@code modules} (comma-separated, e.g. "torch, transformers"). */
    public static String require(String modules) throws Exception {
        String configured = System.getProperty("azr.torch.python", System.getenv("AZR_TORCH_PYTHON"));
        if (configured == null && Files.isExecutable(Path.of("/work/venv-torch/bin/python"))) configured = "/work/venv-torch/bin/python";
        assumeTrue(configured != null, "skipped: no Python with " + modules + " (set AZR_TORCH_PYTHON)");
        Process p = new ProcessBuilder(configured, "-c", "import " + modules).redirectErrorStream(true).start();
        boolean ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) p.destroyForcibly();
        assumeTrue(ok, "skipped: " + configured + " cannot import " + modules);
        return configured;
    }
}
