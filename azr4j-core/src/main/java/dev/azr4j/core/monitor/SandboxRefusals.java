package dev.azr4j.core.monitor;

import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecResult;

/**
 * Tells the executor's runtime sandbox refusals from other failures. The worker's audit hook (and
 * its stubs for escapes that raise no audit event) report an attempt as kind {@code banned} with a
 * message starting {@code "sandbox refused"} (file writes, sockets, process creation, frame
 * access, reads outside the sandbox; an exception's message may be prefixed by its class name,
 * e.g. {@code "ImportRefused: sandbox refused import of socket"}), and a program that left a thread running as {@code banned}
 * too. The static screen's refusals of banned imports and names ({@code "import of banned module
 * ..."}) are not runtime violations: nothing was attempted, the program was refused unread.
 */
public final class SandboxRefusals {
    private SandboxRefusals() {}

    /** The refusal message when {@code r} is a runtime sandbox violation, else null. */
    public static String of(ExecResult r) {
        if (r == null || r.ok() || r.error() == null || r.error().kind() != ErrorKind.BANNED) return null;
        String m = r.error().message() == null ? "" : r.error().message();
        return m.contains("sandbox refused") || m.contains("left a thread running") ? m : null;
    }
}
