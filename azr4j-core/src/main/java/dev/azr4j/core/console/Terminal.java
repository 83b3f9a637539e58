package dev.azr4j.core.console;

import java.io.Console;

/** Whether the output is an interactive terminal, where progress may be redrawn in place. */
public final class Terminal {
    private Terminal() {}

    /**
     * True when stdin and stdout are a terminal and {@code TERM} is not {@code dumb}. Since JDK 22
     * {@link System#console()} is non-null even when redirected, so {@link Console#isTerminal()} decides.
     */
    public static boolean isInteractive() {
        Console c = System.console();
        return c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
    }
}
