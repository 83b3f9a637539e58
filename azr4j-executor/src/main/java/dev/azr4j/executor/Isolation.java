package dev.azr4j.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OS-level layer workers run in, chosen by trying what this machine allows: {@code unshare}
 * with user + network + pid namespaces (no network; the whole worker tree dies with it), else
 * user + network namespaces, else none. Seccomp is not used: CPython has no binding in its
 * standard library and the audit hook covers the same calls one level up.
 */
record Isolation(List<String> launchPrefix, String description) {

    static Isolation none(String why) {
        return new Isolation(List.of(), "no namespaces (" + why + ")");
    }

    static Isolation detect(PythonInterpreter python, boolean wanted) {
        if (!wanted) return none("disabled by options");
        Path unshare = findUnshare();
        if (unshare == null) return none("unshare not found");
        List<List<String>> candidates = List.of(
                List.of(unshare.toString(), "--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child"),
                List.of(unshare.toString(), "--user", "--map-root-user", "--net"));
        List<String> descriptions = List.of("user+net+pid namespaces (unshare): no network, worker tree killed with it",
                "user+net namespaces (unshare): no network");
        for (int i = 0; i < candidates.size(); i++) {
            if (works(candidates.get(i), python)) return new Isolation(candidates.get(i), descriptions.get(i));
        }
        return none("unshare is not permitted here");
    }

    private static Path findUnshare() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "unshare");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Does python start under this prefix and see no network? */
    private static boolean works(List<String> prefix, PythonInterpreter python) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(python.executable(), "-s", "-c",
                "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 9), timeout=1)\nexcept OSError as e:\n"
                        + "    raise SystemExit(0 if e.errno == 101 else 3)\nraise SystemExit(4)"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
