package dev.azr4j.executor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A located CPython interpreter: the real executable behind a name such as {@code python3} (a
 * pyenv shim resolves to the binary it runs, so workers start without the shim's environment).
 */
public record PythonInterpreter(String executable, int major, int minor, int patch) {
    static final int MIN_MINOR = 10;

    public String version() {
        return major + "." + minor + "." + patch;
    }

    /** Finds {@code python} and checks it is CPython 3.10 or newer; otherwise one clear message. */
    public static PythonInterpreter locate(String python) {
        String probe = "import sys, platform; print(sys.version_info[0], sys.version_info[1], sys.version_info[2], "
                + "platform.python_implementation()); print(sys.executable)";
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", probe).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ExecutorUnavailableException("the executor needs Python 3.10 or newer, but '" + python
                    + "' could not be started (" + e.getMessage() + "); install python3 or pass its path (--python)");
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ExecutorUnavailableException("the executor needs Python 3.10 or newer, but '" + python
                        + "' did not answer within 30 s");
            }
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            List<String> lines = out.lines().toList();
            if (p.exitValue() != 0 || lines.size() < 2) {
                throw new ExecutorUnavailableException("the executor needs Python 3.10 or newer, but '" + python
                        + "' failed: " + (out.isEmpty() ? "exit " + p.exitValue() : out.lines().findFirst().orElse("")));
            }
            String[] v = lines.get(0).split(" ");
            int major = Integer.parseInt(v[0]), minor = Integer.parseInt(v[1]), patch = Integer.parseInt(v[2]);
            if (major != 3 || minor < MIN_MINOR) {
                throw new ExecutorUnavailableException("the executor needs Python 3.10 or newer, but '" + python
                        + "' is Python " + major + "." + minor + "." + patch + "; pass a newer one (--python)");
            }
            if (!"CPython".equals(v.length > 3 ? v[3] : "")) {
                throw new ExecutorUnavailableException("the executor needs CPython 3.10 or newer (it relies on its audit hooks), but '"
                        + python + "' is " + (v.length > 3 ? v[3] : "unknown"));
            }
            return new PythonInterpreter(lines.get(1).strip(), major, minor, patch);
        } catch (IOException | NumberFormatException e) {
            throw new ExecutorUnavailableException("the executor needs Python 3.10 or newer, but '" + python
                    + "' gave an unexpected answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorUnavailableException("interrupted while checking '" + python + "'");
        } finally {
            p.destroyForcibly();
        }
    }
}
