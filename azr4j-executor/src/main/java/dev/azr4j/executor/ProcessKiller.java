package dev.azr4j.executor;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Kills a worker and everything it started: each process group (workers call setsid, so a
 * worker's pid is its group id) with SIGKILL through libc {@code kill(-pgid)}, then every
 * descendant Java can see. Falls back to the {@code kill} command without native access.
 */
final class ProcessKiller {
    private static final int SIGKILL = 9;
    private static final MethodHandle KILL = lookupKill();

    private ProcessKiller() {}

    private static MethodHandle lookupKill() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("kill").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (Throwable t) {
            return null; // no native access: use the kill command
        }
    }

    static void killTree(Process process) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        for (ProcessHandle h : all) killGroup(h.pid());
        // handles, not Process.destroyForcibly(): that also closes the pipes, and an answer the worker wrote
        // before it was killed (a request answered while the driver was still writing the ones behind it)
        // would be lost with them; the JDK keeps what is left in the pipe once the process has exited
        for (ProcessHandle h : all) h.destroyForcibly();
    }

    private static void killGroup(long pgid) {
        if (pgid <= 1) return;
        if (KILL != null) {
            try {
                int rc = (int) KILL.invokeExact((int) -pgid, SIGKILL);
                if (rc == 0 || rc == -1) return; // -1: no such group (the process did not call setsid yet)
            } catch (Throwable ignored) {
                // fall through to the command
            }
        }
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException ignored) {
            // the descendants are still destroyed one by one
        }
    }
}
